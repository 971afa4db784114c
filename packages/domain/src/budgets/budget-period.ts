import { localDayNumber, startOfLocalDay } from "../calendar/local-days";

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
