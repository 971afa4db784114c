import type { AnalyticsResult } from "../analytics/analytics-bench";
import { fixed, markdownTable, ratio } from "./markdown-table";
import { overviewSection, overviewTargetChecks } from "./overview-section";
import { runsPageSection } from "./runs-page-section";
import type { TargetCheck } from "./step-table";

const fence = (text: string) => `\`\`\`\n${text}\n\`\`\``;

export function analyticsSection(result: AnalyticsResult): string {
  const { load } = result;
  const rows = result.comparisons.map((c) => [
    c.question,
    fixed(c.seed.medianMs, 2),
    c.apiSql ? fixed(c.apiSql.medianMs, 2) : "(same)",
    fixed(c.api.medianMs, 2),
    c.apiPath,
    ratio(c.api.medianMs / c.seed.medianMs),
    ratio(c.api.medianMs / (c.apiSql ?? c.seed).medianMs),
    c.answersMatch ? "yes" : "NO",
  ]);
  const statuses = Object.entries(load.statusCounts)
    .map(([status, count]) => `${status} ${count.toLocaleString("en-US")}`)
    .join(", ");
  return [
    `Loaded ${load.runs.toLocaleString("en-US")} runs (${statuses}) in ${fixed(load.runsSec)} s and ` +
      `${load.steps.toLocaleString("en-US")} steps in ${fixed(load.stepsSec)} s with COPY ... FROM STDIN ` +
      `(postgres.js writable streams, generated on the fly); totals checked against the ledger in ` +
      `${fixed(load.verifySec)} s: **${load.inconsistentRuns} runs** differ from their steps' sums; ` +
      `VACUUM (ANALYZE) ${fixed(load.analyzeSec)} s.`,
    "",
    "Median wall time from this process (postgres.js for SQL, fetch with keep-alive for the API, one request at a time):",
    "",
    markdownTable(
      [
        "question",
        "seed SQL ms",
        "API's SQL ms",
        "API ms",
        "route",
        "API ÷ seed",
        "API ÷ its SQL",
        "same answer",
      ],
      rows,
      [false, true, true, true, false, true, true, false],
    ),
    "",
    `HTTP floor, GET /healthz on the same server and client (no auth, no SQL): ${fixed(result.httpFloor.medianMs, 2)} ms. ` +
      `The seed's most expensive runs query served raw by the bare baseline server (node:http + postgres.js, same client): ` +
      `${fixed(result.bareTopRuns.medianMs, 2)} ms.`,
    "",
    overviewSection(result),
    "",
    `cost-summary's SQL without the two percentiles: ${fixed(result.costSummaryNoPercentiles.medianMs, 2)} ms ` +
      "(the percentiles sort every matching run's cost).",
    "",
    `EXPLAIN (ANALYZE, BUFFERS) of the seed's most expensive runs query — uses v2_runs_status_total_cost_idx: **${result.usesIndex ? "yes" : "NO"}**`,
    "",
    fence(result.explainSeed),
    "",
    "The API's top-runs SQL:",
    "",
    fence(result.explainApi),
    "",
    "The API's cost-summary SQL:",
    "",
    fence(result.explainCostSummary),
    "",
    runsPageSection(result.runsPage),
  ].join("\n");
}

export function analyticsTargetChecks(result: AnalyticsResult): TargetCheck[] {
  const top = result.comparisons.find((c) => c.question === "most expensive runs");
  if (!top) return [];
  const vsSeed = top.api.medianMs / top.seed.medianMs;
  const vsBare = top.api.medianMs / result.bareTopRuns.medianMs;
  return [
    {
      goal: "top-runs through the API ≤ 1.5x the raw query (SQL from this process, no HTTP)",
      measured: `${ratio(vsSeed)} (${fixed(top.api.medianMs, 2)} vs ${fixed(top.seed.medianMs, 2)} ms)`,
      met: vsSeed <= 1.5,
    },
    {
      goal: "top-runs through the API ≤ 1.5x the raw query served over bare HTTP",
      measured: `${ratio(vsBare)} (${fixed(top.api.medianMs, 2)} vs ${fixed(result.bareTopRuns.medianMs, 2)} ms)`,
      met: vsBare <= 1.5,
    },
    ...overviewTargetChecks(result),
  ];
}
