import { z } from "zod";
import {
  assertValidDate,
  formatUtcDate,
  formatUtcTime,
  ID_YEAR_JSON_PATTERN,
  utcDateFromParts,
} from "./utc-date";

/** RUN_YYYYMMDD_HHmmss, then _2, _3, ... for later runs started in the same second. */
const RUN_ID_PATTERN = /^RUN_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})(?:_([1-9]\d{0,5}))?$/;

/** Suffixes start at 2: the first run of a second keeps the seed's bare format. */
export const MAX_RUN_ID_SUFFIX = 999_999;

export interface ParsedRunId {
  startedAt: Date;
  /** 1 for the bare form, otherwise the numeric suffix (>= 2). */
  suffix: number;
}

export function formatRunId(startedAt: Date, suffix = 1): string {
  assertValidDate(startedAt);
  if (!Number.isInteger(suffix) || suffix < 1 || suffix > MAX_RUN_ID_SUFFIX) {
    throw new RangeError(`Run ID suffix must be an integer from 1 to ${MAX_RUN_ID_SUFFIX}`);
  }
  const base = `RUN_${formatUtcDate(startedAt)}_${formatUtcTime(startedAt)}`;
  return suffix === 1 ? base : `${base}_${suffix}`;
}

export function parseRunId(id: string): ParsedRunId | null {
  const match = RUN_ID_PATTERN.exec(id);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, suffix] = match;
  const startedAt = utcDateFromParts({
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
  });
  if (!startedAt) return null;
  if (suffix === undefined) return { startedAt, suffix: 1 };
  // "_1" would be a second spelling of the bare ID.
  if (suffix === "1") return null;
  return { startedAt, suffix: Number(suffix) };
}

/**
 * RUN_ID_PATTERN as far as a regular expression can check it (months, days, hours, no "_1"),
 * for the OpenAPI document; the calendar (no February 30th) is left to the description.
 */
const RUN_ID_JSON_PATTERN = `^RUN_${ID_YEAR_JSON_PATTERN}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])_([01]\\d|2[0-3])[0-5]\\d[0-5]\\d(_([2-9]|[1-9]\\d{1,5}))?$`;

export const runIdSchema = z
  .string()
  .refine((id) => parseRunId(id) !== null, {
    message:
      "run_id must be RUN_YYYYMMDD_HHmmss (UTC, a real date and time), optionally _2, _3, ...",
  })
  .meta({
    pattern: RUN_ID_JSON_PATTERN,
    description:
      "RUN_YYYYMMDD_HHmmss: the UTC second the run started, a real calendar date and time from year 0001; runs started in the same second get _2, _3, ... (never _1)",
    examples: ["RUN_20260115_181206", "RUN_20260115_181206_2"],
  });

/**
 * The run ID for a run started at `startedAt` that no other run holds.
 * `isTaken` answers for one candidate; the database's primary key stays the
 * final judge, so callers retry with the next suffix on a unique violation.
 */
export async function nextRunId(
  startedAt: Date,
  isTaken: (candidate: string) => boolean | Promise<boolean>,
): Promise<string> {
  for (let suffix = 1; suffix <= MAX_RUN_ID_SUFFIX; suffix++) {
    const candidate = formatRunId(startedAt, suffix);
    if (!(await isTaken(candidate))) return candidate;
  }
  throw new RangeError(`Every run ID for ${startedAt.toISOString()} is taken`);
}
