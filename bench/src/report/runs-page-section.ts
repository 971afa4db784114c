import type { RunsPageRow } from "../analytics/runs-page";
import { fixed, markdownTable } from "./markdown-table";

/** The runs page's listings: raw SQL and API medians, and the indexes each plan reads. */
export function runsPageSection(rows: readonly RunsPageRow[]): string {
  const worst = Math.max(...rows.map((row) => row.api.medianMs));
  return [
    "### The runs page (GET /api/v1/runs)",
    "",
    `Each listing's first page (50 runs) over the same data, median of 40 after 20 warm-ups; slowest through the API: ${fixed(worst, 2)} ms (target ≤ 100 ms).`,
    "",
    markdownTable(
      ["listing", "SQL ms", "API ms", "items", "indexes (EXPLAIN ANALYZE)"],
      rows.map((row) => [
        row.question,
        fixed(row.sql.medianMs, 2),
        fixed(row.api.medianMs, 2),
        String(row.items),
        row.indexes.join(", ") || "(none: sequential scan)",
      ]),
      [false, true, true, true, false],
    ),
  ].join("\n");
}
