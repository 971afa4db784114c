import { z } from "zod";
import { formatUtcDate, ID_YEAR_JSON_PATTERN, utcDateFromParts } from "./utc-date";

const DOSSIER_ID_PATTERN = /^DOSS_(\d{4})(\d{2})(\d{2})_(\d{4})$/;
export const DOSSIER_NUMBER_MIN = 1000;
export const DOSSIER_NUMBER_MAX = 9999;

/** Returns an integer in [min, max], both inclusive. */
export type RandomIntSource = (min: number, max: number) => number;

/**
 * Cryptographically secure by default, from Web Crypto so the domain runs in
 * Node and browsers alike. Rejection sampling keeps every value equally likely.
 */
export const secureRandomInt: RandomIntSource = (min, max) => {
  const range = max - min + 1;
  const limit = 2 ** 32 - (2 ** 32 % range);
  const word = new Uint32Array(1);
  do {
    globalThis.crypto.getRandomValues(word);
  } while ((word[0] ?? 0) >= limit);
  return min + ((word[0] ?? 0) % range);
};

export interface ParsedDossierId {
  /** Midnight UTC of the dossier's day. */
  day: Date;
  number: number;
}

/**
 * Only 9,000 numbers exist per day, so collisions are expected: call again
 * on a unique violation; the database enforces uniqueness.
 */
export function generateDossierId(now: Date, random: RandomIntSource = secureRandomInt): string {
  const number = random(DOSSIER_NUMBER_MIN, DOSSIER_NUMBER_MAX);
  if (!Number.isInteger(number) || number < DOSSIER_NUMBER_MIN || number > DOSSIER_NUMBER_MAX) {
    throw new RangeError(`Random source returned ${number}, outside 1000-9999`);
  }
  return `DOSS_${formatUtcDate(now)}_${number}`;
}

export function parseDossierId(id: string): ParsedDossierId | null {
  const match = DOSSIER_ID_PATTERN.exec(id);
  if (!match) return null;
  const [, year, month, day, number] = match;
  const date = utcDateFromParts({
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: 0,
    minute: 0,
    second: 0,
  });
  const value = Number(number);
  if (!date || value < DOSSIER_NUMBER_MIN) return null;
  return { day: date, number: value };
}

export const dossierIdSchema = z
  .string()
  .refine((id) => parseDossierId(id) !== null, {
    message: "dossier_id must be DOSS_YYYYMMDD_NNNN (UTC date, NNNN from 1000 to 9999)",
  })
  .meta({
    // DOSSIER_ID_PATTERN as far as a regular expression can check it; the calendar is described.
    pattern: `^DOSS_${ID_YEAR_JSON_PATTERN}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])_[1-9]\\d{3}$`,
    description: "DOSS_YYYYMMDD_NNNN: a real UTC calendar date, NNNN from 1000 to 9999",
    examples: ["DOSS_20260115_4523"],
  });
