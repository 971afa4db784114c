import type { AnalyticsResult } from "../analytics/analytics-bench";
import { fixed, markdownTable } from "./markdown-table";
import type { TargetCheck } from "./step-table";

const TARGET_MS = 100;

/** The dashboard's queries (issue 14): median and fastest through the API, against 100 ms. */
export function overviewSection(result: AnalyticsResult): string {
  const rows = result.overview.map((row) => [
    row.question,
    fixed(row.api.medianMs, 2),
    fixed(row.api.minMs, 2),
    row.path,
    row.api.medianMs <= TARGET_MS ? "yes" : "**no**",
    row.exact === null ? "" : row.exact ? "yes" : "**NO**",
  ]);
  return [
    `The dashboard's queries through the API (median of 15 after 3 warm-ups; one request at a time). ` +
      `Rollups rebuilt after the COPYs in ${fixed(result.load.rollupSec)} s. "= ledger": the answer ` +
      "equals a GROUP BY over the ledger (AT TIME ZONE, no rollup).",
    "",
    markdownTable(
      ["question", "API ms", "min ms", "route", `≤ ${TARGET_MS} ms`, "= ledger"],
      rows,
      [false, true, true, false, false, false],
    ),
  ].join("\n");
}

export function overviewTargetChecks(result: AnalyticsResult): TargetCheck[] {
  const slowest = [...result.overview].sort((a, b) => b.api.medianMs - a.api.medianMs)[0];
  if (!slowest) return [];
  return [
    {
      goal: `every overview query ≤ ${TARGET_MS} ms at this size (through the API)`,
      measured: `slowest: ${slowest.question}, ${fixed(slowest.api.medianMs, 2)} ms`,
      met: slowest.api.medianMs <= TARGET_MS,
    },
  ];
}
