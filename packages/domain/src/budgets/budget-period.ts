/**
 * Calendar periods (day, week, month) in an IANA time zone, computed with Intl alone.
 * A period is every instant whose local date falls on its days: it starts at the first
 * instant whose local date is its first day (local midnight, or the end of a DST gap that
 * swallows midnight) and ends where the next period starts. DST days are 23 or 25 hours
 * long; weeks start on Monday (ISO 8601); months on the 1st.
 */

export const budgetPeriods = ["day", "week", "month"] as const;
export type BudgetPeriod = (typeof budgetPeriods)[number];

export interface PeriodBounds {
  /** The period's first instant. */
  start: Date;
  /** The next period's first instant (exclusive). */
  end: Date;
}

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

/** Monday-based weekday of a day number: 0 Monday ... 6 Sunday (1970-01-01 was a Thursday). */
const daysSinceMonday = (day: number) => (((day + 3) % 7) + 7) % 7;

function monthStartDay(day: number, monthsAhead: number): number {
  const date = new Date(day * DAY_MS);
  const first = new Date(0);
  first.setUTCFullYear(date.getUTCFullYear(), date.getUTCMonth() + monthsAhead, 1);
  return Math.round(first.getTime() / DAY_MS);
}

/** The first and the day after the last local day of the period holding local day `day`. */
function periodDays(day: number, period: BudgetPeriod): [number, number] {
  if (period === "day") return [day, day + 1];
  if (period === "week") {
    const monday = day - daysSinceMonday(day);
    return [monday, monday + 7];
  }
  return [monthStartDay(day, 0), monthStartDay(day, 1)];
}

/** The period of `period` kind holding instant `at` in `timeZone` (an IANA name). */
export function periodBoundsAt(at: Date, period: BudgetPeriod, timeZone: string): PeriodBounds {
  const [first, next] = periodDays(localDayNumber(at.getTime(), timeZone), period);
  return {
    start: new Date(startOfLocalDay(first, timeZone)),
    end: new Date(startOfLocalDay(next, timeZone)),
  };
}
