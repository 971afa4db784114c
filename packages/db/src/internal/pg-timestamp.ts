/**
 * PostgreSQL's text form of a timestamptz (DateStyle ISO, the default of both engines):
 * "2026-01-15 18:12:06.25+00", "0028-02-29 04:07:22.1+00", "1850-01-01 00:00:00+00:09:21"
 * (a local mean time offset carries seconds). It is not ECMAScript's date-time format (a space
 * for the T, an hour-only offset), so `new Date(text)` falls back to V8's legacy parser, which
 * reads a year below 100 as 19xx ("0050-01-01 ..." is 1950) or not at all ("0028-02-29 ..." is
 * an Invalid Date). Read field by field instead. ISO strings (toISOString) parse too.
 */
const PG_TIMESTAMP =
  /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:Z|([+-])(\d\d)(?::?(\d\d))?(?::(\d\d))?)?( BC)?$/;

/** The instant `text` names, or null when it is not a PostgreSQL or ISO timestamp. */
export function parsePgTimestamp(text: string): Date | null {
  const match = PG_TIMESTAMP.exec(text);
  if (!match) return null;
  const [, year, month, day, hours, minutes, seconds, fraction = "", sign, ...rest] = match;
  const [offsetHours = "0", offsetMinutes = "0", offsetSeconds = "0", bc] = rest;
  const at = new Date(0);
  // setUTCFullYear takes the year as is; Date.UTC would read 0-99 as 1900-1999.
  at.setUTCFullYear(bc ? 1 - Number(year) : Number(year), Number(month) - 1, Number(day));
  // Milliseconds, truncated as Date does with the microseconds PostgreSQL keeps.
  at.setUTCHours(
    Number(hours),
    Number(minutes),
    Number(seconds),
    Number(fraction.slice(0, 3).padEnd(3, "0")),
  );
  const offsetMs =
    (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60 + Number(offsetSeconds)) * 1000;
  const time = at.getTime() - (sign === "-" ? -offsetMs : offsetMs);
  return Number.isNaN(time) ? null : new Date(time);
}

/**
 * `at` as PostgreSQL reads it back exactly, years before 1 included: toISOString() writes 1 BC
 * as year 0000, which PostgreSQL refuses ("date/time field value out of range").
 */
export function pgTimestampLiteral(at: Date): string {
  const year = at.getUTCFullYear();
  const iso = at.toISOString();
  if (year >= 1) return iso;
  // toISOString is "0000-02-29T..." for 1 BC, "-000001-..." before: keep its month onwards.
  const rest = iso.slice(iso.indexOf("-", 1));
  return `${String(1 - year).padStart(4, "0")}${rest.replace("T", " ").replace("Z", "+00")} BC`;
}
