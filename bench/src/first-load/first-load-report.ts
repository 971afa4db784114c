import { NOTES_MARKER } from "../report/results-document";
import type { LoadTimes } from "./measure-load";

export const SECTION_TITLE = "## Dashboard first load";

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

function slowestOfMedian(loads: readonly LoadTimes[]): string {
  const sorted = [...loads].sort((a, b) => a.allRequestsMs - b.allRequestsMs);
  const load = sorted[Math.floor(sorted.length / 2)];
  return load ? `\`${load.slowest.path}\` ${load.slowest.ms.toFixed(0)} ms` : "none";
}

/** The markdown section: median and worst of each figure, against the 1 s target. */
export function firstLoadSection(
  loads: readonly LoadTimes[],
  at: Date,
  loadAverage: readonly number[],
): string {
  const row = (label: string, pick: (load: LoadTimes) => number) => {
    const values = loads.map(pick);
    return `| ${label} | ${median(values).toFixed(0)} | ${Math.max(...values).toFixed(0)} |`;
  };
  const worstDrawn = Math.max(...loads.map((load) => load.meaningfulMs));
  const worstAll = Math.max(...loads.map((load) => load.allRequestsMs));
  const first = loads[0];
  return [
    `${SECTION_TITLE} (written by \`pnpm bench:first-load\`, ${at.toISOString().slice(0, 16)}Z)`,
    "",
    `The signed-in overview on \`pnpm seed:demo\`'s data, served by the bundled API (as \`pnpm start\`)`,
    "on 127.0.0.1 over the embedded PGlite, opened in Debian's Chromium (headless, playwright-core),",
    `each of ${loads.length} loads in a new browser context (empty cache), after one uncounted load`,
    "that warms the server. From navigation start, ms:",
    "",
    "| milestone | median | worst |",
    "|---|---:|---:|",
    row("DOMContentLoaded", (load) => load.domContentLoadedMs),
    row(
      "overview drawn (figures and charts from data, no loading notice)",
      (load) => load.meaningfulMs,
    ),
    row("all requests answered", (load) => load.allRequestsMs),
    "",
    `${first?.requests ?? 0} requests, ${((first?.transferredBytes ?? 0) / 1024).toFixed(0)} KB over the wire (compressed).`,
    `Target ≤ 1 s from a cold cache: ${worstAll <= 1000 ? "met" : "**not met**"} (worst load: drawn ${worstDrawn.toFixed(0)} ms, every request answered ${worstAll.toFixed(0)} ms).`,
    `Slowest request of the median load: ${slowestOfMedian(loads)}.`,
    `Load average (1, 5, 15 min) at the end: ${loadAverage.map((value) => value.toFixed(1)).join(", ")} on a shared 2-core machine: other work's share is in these figures.`,
  ].join("\n");
}

/** Replaces the section in the hand-kept part of latest.md, or adds it first there. */
export function spliceSection(document: string, section: string): string {
  const start = document.indexOf(SECTION_TITLE);
  if (start !== -1) {
    const next = document.indexOf("\n## ", start + SECTION_TITLE.length);
    return `${document.slice(0, start)}${section}\n${next === -1 ? "" : document.slice(next)}`;
  }
  const marker = document.indexOf(NOTES_MARKER);
  if (marker === -1) return `${document.trimEnd()}\n\n${NOTES_MARKER}\n${section}\n`;
  const after = marker + NOTES_MARKER.length;
  return `${document.slice(0, after)}\n${section}\n${document.slice(after)}`;
}
