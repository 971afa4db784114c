/**
 * Local calendar days in an IANA time zone, with Intl alone: which day an instant falls on,
 * and the first instant of a day (local midnight, or the end of a DST gap that swallows it).
 * Budget periods and the dashboard's day ranges both count days with these.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      era: "short",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local calendar date of `ms` in `timeZone`, as days since 1970-01-01. */
export function localDayNumber(ms: number, timeZone: string): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let bc = false;
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    if (part.type === "year") year = Number(part.value);
    else if (part.type === "month") month = Number(part.value);
    else if (part.type === "day") day = Number(part.value);
    else if (part.type === "era") bc = part.value.startsWith("B");
  }
  const utc = new Date(0);
  utc.setUTCFullYear(bc ? 1 - year : year, month - 1, day);
  utc.setUTCHours(0, 0, 0, 0);
  return Math.round(utc.getTime() / DAY_MS);
}

/** The first instant whose local date in `timeZone` is on or after day number `day`. */
export function startOfLocalDay(day: number, timeZone: string): number {
  const utcMidnight = day * DAY_MS;
  const isStart = (ms: number) =>
    localDayNumber(ms, timeZone) >= day && localDayNumber(ms - 1, timeZone) < day;
  // Local midnight is utcMidnight less the zone's offset then: try the offsets around it.
  for (const probe of [utcMidnight, utcMidnight - DAY_MS, utcMidnight + DAY_MS]) {
    const candidate = utcMidnight - offsetMs(probe, timeZone);
    if (isStart(candidate)) return candidate;
  }
  // Midnight fell in a DST gap: search the instant the date turns (offsets are -12 h..+14 h).
  let lo = utcMidnight - 15 * HOUR_MS;
  let hi = utcMidnight + 13 * HOUR_MS;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (localDayNumber(mid, timeZone) >= day) hi = mid;
    else lo = mid;
  }
  return hi;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `ms`, in milliseconds (whole seconds). */
function offsetMs(ms: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(ms)) parts[part.type] = part.value;
  const year = Number(parts.year);
  const local = new Date(0);
  local.setUTCFullYear(parts.era?.startsWith("B") ? 1 - year : year, Number(parts.month) - 1);
  local.setUTCDate(Number(parts.day));
  local.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
  const wholeSecond = ms - (((ms % 1000) + 1000) % 1000);
  return local.getTime() - wholeSecond;
}
