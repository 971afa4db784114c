import { zonedParts } from "./time-zone";

export { formatUsd, formatUsdExact, formatUsdTicks } from "@columnline/domain/money";

const integer = new Intl.NumberFormat("en-US");

export const formatCount = (value: number): string => integer.format(value);

/** Token counts read at a glance: 950, 12.3k, 4.56M. */
export function formatTokens(value: number): string {
  if (value < 1000) return String(value);
  if (value < 1_000_000) return `${trimmed(value / 1000)}k`;
  return `${trimmed(value / 1_000_000)}M`;
}

const trimmed = (value: number) => String(Number(value.toPrecision(3)));

/** 850 ms, 12.4 s, 3 min 05 s, 2 h 10 min. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trimmed(ms / 1000)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) {
    return `${minutes} min ${String(Math.floor((ms % 60_000) / 1000)).padStart(2, "0")} s`;
  }
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** The time between two ISO instants; the end defaults to now, for a run still going. */
export const durationBetween = (start: string, end: string | null, now = new Date()): number =>
  Math.max(0, (end ? Date.parse(end) : now.getTime()) - Date.parse(start));

const pad = (value: number) => String(value).padStart(2, "0");

/** An ISO instant as "2026-01-15 18:12:06" in the chosen zone (sortable, unambiguous). */
export function formatDateTime(iso: string, timeZone: string): string {
  const p = zonedParts(new Date(iso), timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** "2026-01-15" → "Jan 15", for chart axes. */
export function formatDayShort(day: string): string {
  const [year = 1970, month = 1, date = 1] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date)).toLocaleDateString("en-US", {
    timeZone: "UTC",
    month: "short",
    day: "numeric",
  });
}

export const formatPercent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;
