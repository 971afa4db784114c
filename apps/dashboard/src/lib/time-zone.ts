/** Calendar arithmetic in an IANA time zone with Intl only (no date library in the bundle). */
import { localDayNumber, startOfLocalDay } from "@columnline/domain/local-days";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function zonedParts(at: Date, timeZone: string): ZonedParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

// Which day an instant falls on and when a day begins come from the domain, which the
// budgets' periods use too: a midnight lost to DST (America/Santiago) starts the day at 01:00.

const DAY_MS = 86_400_000;

const dayNumberOf = (day: string): number => {
  const [year = 1970, month = 1, date = 1] = day.split("-").map(Number);
  return Math.round(Date.UTC(year, month - 1, date) / DAY_MS);
};

/** The zone's calendar day at `at`, as YYYY-MM-DD. */
export const zonedDay = (at: Date, timeZone: string): string =>
  new Date(localDayNumber(at.getTime(), timeZone) * DAY_MS).toISOString().slice(0, 10);

/** The first instant of the day YYYY-MM-DD in the zone. */
export const startOfZonedDay = (day: string, timeZone: string): Date =>
  new Date(startOfLocalDay(dayNumberOf(day), timeZone));

/** YYYY-MM-DD plus `days` calendar days (negative goes back). */
export function addDays(day: string, days: number): string {
  const [year = 1970, month = 1, date = 1] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** Every day from `first` to `last`, both included. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = first; day <= last && days.length < 1000; day = addDays(day, 1)) days.push(day);
  return days;
}
