import { addDecimalTexts, compareDecimalTexts } from "@columnline/domain/money";
import { colourAt, okabeIto, otherColour } from "./palette";

/** One row of a series: a day, a group (model, client, step name, status) and its exact value. */
export interface SeriesRow {
  day: string;
  group: string | null;
  /** A decimal string: a cost in USD, or a count. */
  value: string;
}

export interface StackGroup {
  name: string;
  colour: string;
  total: string;
}

export interface StackBar {
  day: string;
  /** Exact value per group name, as sent (or summed exactly for "Other"). */
  values: Record<string, string>;
  total: string;
}

export interface StackedSeries {
  groups: StackGroup[];
  bars: StackBar[];
  /** The largest day total, as a number: only for drawing heights. */
  max: number;
}

export const NO_GROUP = "(none)";
export const OTHER_GROUP = "Other";

/**
 * Rows → one bar per day (days without rows are zero bars) stacked by group, the costliest
 * groups first. Past as many groups as the palette has colours, the rest become "Other", so
 * no two groups share a colour. Sums are exact; only heights use floats.
 */
export function shapeStackedSeries(
  rows: readonly SeriesRow[],
  days: readonly string[],
  /** Fixed colours for known groups (run statuses), so a status keeps its colour. */
  fixedColours: Readonly<Record<string, string>> = {},
): StackedSeries {
  const byGroup = new Map<string, string[]>();
  for (const row of rows) {
    const name = row.group ?? NO_GROUP;
    byGroup.set(name, [...(byGroup.get(name) ?? []), row.value]);
  }
  const ranked = [...byGroup.entries()]
    .map(([name, values]) => ({ name, total: addDecimalTexts(values) }))
    .sort((a, b) => compareDecimalTexts(b.total, a.total) || a.name.localeCompare(b.name));
  const keep = ranked.length > okabeIto.length ? okabeIto.length - 1 : ranked.length;
  const kept = new Set(ranked.slice(0, keep).map((group) => group.name));
  const groups: StackGroup[] = ranked
    .slice(0, keep)
    .map((group, index) => ({ ...group, colour: fixedColours[group.name] ?? colourAt(index) }));
  if (ranked.length > keep) {
    const rest = ranked.slice(keep).map((group) => group.total);
    groups.push({ name: OTHER_GROUP, colour: otherColour, total: addDecimalTexts(rest) });
  }

  const perDay = new Map<string, Map<string, string[]>>();
  for (const row of rows) {
    const name = kept.has(row.group ?? NO_GROUP) ? (row.group ?? NO_GROUP) : OTHER_GROUP;
    const day = perDay.get(row.day) ?? new Map<string, string[]>();
    day.set(name, [...(day.get(name) ?? []), row.value]);
    perDay.set(row.day, day);
  }
  const bars = days.map((day) => {
    const values: Record<string, string> = {};
    for (const [name, parts] of perDay.get(day) ?? []) values[name] = addDecimalTexts(parts);
    return { day, values, total: addDecimalTexts(Object.values(values)) };
  });
  const max = Math.max(0, ...bars.map((bar) => Number(bar.total)));
  return { groups, bars, max };
}

/** Round axis steps (1, 2 or 5 × 10^n) so the top tick sits at or above `max`. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0];
  const rough = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((factor) => factor * magnitude >= rough) ?? 10) * magnitude;
  const ticks: number[] = [];
  for (let tick = 0; tick < max + step; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}
