/**
 * The run and dossier IDs of the seed (RUN_YYYYMMDD_HHmmss, DOSS_YYYYMMDD_NNNN),
 * made on the client so a retried create carries the same run_id and stays
 * idempotent. The API checks both formats; @columnline/domain holds the same
 * rules, but the SDK ships without workspace packages.
 */

const pad = (value: number, width: number) => String(value).padStart(width, "0");

function utcDay(at: Date): string {
  return `${pad(at.getUTCFullYear(), 4)}${pad(at.getUTCMonth() + 1, 2)}${pad(at.getUTCDate(), 2)}`;
}

function assertValidDate(at: Date): void {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new TypeError(`Expected a valid Date, got ${String(at)}`);
  }
}

/** RUN_20260115_181206 for the first run of that second; _2, _3, ... for later ones. */
export function formatRunId(startedAt: Date, suffix = 1): string {
  assertValidDate(startedAt);
  if (!Number.isInteger(suffix) || suffix < 1 || suffix > 999_999) {
    throw new RangeError(`Run ID suffix must be an integer from 1 to 999999, got ${suffix}`);
  }
  const time = `${pad(startedAt.getUTCHours(), 2)}${pad(startedAt.getUTCMinutes(), 2)}${pad(startedAt.getUTCSeconds(), 2)}`;
  const base = `RUN_${utcDay(startedAt)}_${time}`;
  return suffix === 1 ? base : `${base}_${suffix}`;
}

/** A uniform integer from 1000 to 9999 from the runtime's crypto (rejection sampling: no bias). */
function secureDossierNumber(): number {
  const range = 9000;
  const limit = 2 ** 32 - (2 ** 32 % range);
  const word = new Uint32Array(1);
  do {
    globalThis.crypto.getRandomValues(word);
  } while ((word[0] ?? 0) >= limit);
  return 1000 + ((word[0] ?? 0) % range);
}

/** DOSS_20260115_4523: the run's UTC day and a random number from 1000 to 9999. */
export function generateDossierId(
  day: Date,
  randomNumber: () => number = secureDossierNumber,
): string {
  assertValidDate(day);
  const number = randomNumber();
  if (!Number.isInteger(number) || number < 1000 || number > 9999) {
    throw new RangeError(`Dossier number must be an integer from 1000 to 9999, got ${number}`);
  }
  return `DOSS_${utcDay(day)}_${number}`;
}
