/** UTC calendar parts, the form IDs embed; shared by the run and dossier ID codecs. */
export interface UtcParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The first year an ID may hold; the last is 9999 (four digits). */
export const MIN_ID_YEAR = 1;

/** A 4-digit year from 0001 to 9999, for the OpenAPI patterns of IDs. */
export const ID_YEAR_JSON_PATTERN = "(000[1-9]|00[1-9]\\d|0[1-9]\\d{2}|[1-9]\\d{3})";

const pad = (value: number, width: number) => String(value).padStart(width, "0");

export function formatUtcDate(at: Date): string {
  assertValidDate(at);
  return `${pad(at.getUTCFullYear(), 4)}${pad(at.getUTCMonth() + 1, 2)}${pad(at.getUTCDate(), 2)}`;
}

export function formatUtcTime(at: Date): string {
  return `${pad(at.getUTCHours(), 2)}${pad(at.getUTCMinutes(), 2)}${pad(at.getUTCSeconds(), 2)}`;
}

/**
 * Builds a Date from parts, or null when the parts name no real instant
 * (month 13, Feb 30, hour 25): Date.UTC would silently roll those over.
 */
export function utcDateFromParts(parts: UtcParts): Date | null {
  const { year, month, day, hour, minute, second } = parts;
  // Year 0 (1 BC) exists for Date but not for PostgreSQL's timestamps: IDs start at year 1.
  if (year < MIN_ID_YEAR) return null;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear keeps them literal.
  at.setUTCFullYear(year);
  if (at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) return null;
  return at;
}

export function assertValidDate(at: Date): void {
  if (Number.isNaN(at.getTime())) throw new RangeError("Invalid Date");
  const year = at.getUTCFullYear();
  if (year < MIN_ID_YEAR || year > 9999) {
    throw new RangeError(`Year ${year} does not fit a 4-digit ID (0001 to 9999)`);
  }
}
