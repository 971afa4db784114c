import { addDays, daysBetween, startOfZonedDay, zonedDay } from "./time-zone";

export const rangePresets = ["today", "7d", "30d", "90d", "mtd", "all"] as const;
export type RangePreset = (typeof rangePresets)[number];

export const rangeLabels: Record<RangePreset, string> = {
  today: "Today",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  mtd: "Month to date",
  all: "All time",
};

/** The most days a per-day chart or client spend covers (the API's MAX_SERIES_DAYS). */
export const MAX_RANGE_DAYS = 732;

export const isRangePreset = (value: string | null): value is RangePreset =>
  value !== null && (rangePresets as readonly string[]).includes(value);

export interface TimeRange {
  /** Start of the first day in the zone: inclusive. */
  from: Date;
  /** Start of the day after the last: exclusive, so a day's runs are all in. */
  to: Date;
  /** The calendar days covered, in the zone, for chart axes. */
  days: string[];
  /** "All time" reaching further back than MAX_RANGE_DAYS: only the last ones are covered. */
  clipped: boolean;
}

/** The first day of a preset, counting today (in the zone) as one of its days. */
function firstDay(preset: RangePreset, today: string, ledgerFirstDay: string | null): string {
  switch (preset) {
    case "all":
      return ledgerFirstDay !== null && ledgerFirstDay.localeCompare(today) < 0
        ? ledgerFirstDay
        : today;
    case "today":
      return today;
    case "7d":
      return addDays(today, -6);
    case "30d":
      return addDays(today, -29);
    case "90d":
      return addDays(today, -89);
    case "mtd":
      return `${today.slice(0, 8)}01`;
  }
}

/**
 * Whole days in `timeZone`, ending with today at `now`. "All time" starts on the day of the
 * ledger's first run (`ledgerFirstDay`, in the zone; today when there is none), at most
 * MAX_RANGE_DAYS back: a longer ledger is clipped, and the range says so.
 */
export function resolveRange(
  preset: RangePreset,
  timeZone: string,
  now: Date,
  ledgerFirstDay: string | null = null,
): TimeRange {
  const today = zonedDay(now, timeZone);
  const earliest = addDays(today, 1 - MAX_RANGE_DAYS);
  const wanted = firstDay(preset, today, ledgerFirstDay);
  const first = wanted.localeCompare(earliest) < 0 ? earliest : wanted;
  return {
    from: startOfZonedDay(first, timeZone),
    to: startOfZonedDay(addDays(today, 1), timeZone),
    days: daysBetween(first, today),
    clipped: first !== wanted,
  };
}

/**
 * The change from `previous` to `current` as a whole percentage, or null when there was
 * nothing before to compare with. Floats are fine here: it is a rounded indication.
 */
export function percentChange(current: string, previous: string): number | null {
  const before = Number(previous);
  if (!(before > 0)) return null;
  return Math.round(((Number(current) - before) / before) * 100);
}
