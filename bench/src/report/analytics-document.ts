import type { AnalyticsResult } from "../analytics/analytics-bench";
import type { AnalyticsSize } from "../config";
import type { MachineInfo } from "../machine-info";
import { analyticsSection, analyticsTargetChecks } from "./analytics-section";
import { fixed, markdownTable, ratio } from "./markdown-table";
import { checksTable, machineSection, NOTES_MARKER } from "./results-document";
import type { TargetCheck } from "./step-table";

export interface SizedResult {
  size: AnalyticsSize;
  result: AnalyticsResult;
}

export interface AnalyticsDocumentInput {
  machine: MachineInfo;
  /** Smallest data set first. */
  results: SizedResult[];
  keptNotes: string;
}

const TARGET_MS = 100;

const HOW_TO = `# Benchmarks: analytics at scale

Written by \`pnpm bench:analytics\` (bench/src/analytics-main.ts). Needs the real PostgreSQL
(\`BENCH_DATABASE_URL\`, else \`DATABASE_URL\`, else postgres://postgres@127.0.0.1:5432/postgres).
For each data set of \`BENCH_SIZES\` (comma-separated \`runs:steps\`, default
\`200000:1000000,1000000:5000000\`) it creates a database \`cl_bench_<timestamp>\`, migrates it,
bulk-loads a year of synthetic runs and steps with COPY (40 clients, five models, ~9% failed),
folds the analytics rollups, starts the bundled API on it and times the seed's questions, the
dashboard's queries and the runs page's listings, one request at a time; then drops the database.
Every data set covers the same year, so a larger one is denser: the growth table shows how each
answer's time grows with the data. \`BENCH_KEEP=1\` keeps the temp dir with the server logs.
Not part of \`pnpm test\`. Step recording and memory are \`pnpm bench\`'s ([latest.md](latest.md)).`;

const count = (value: number) => value.toLocaleString("en-US");
const sizeLabel = ({ runs, steps }: AnalyticsSize) => `${count(runs)} runs / ${count(steps)} steps`;

/** Every timed API answer of a result, by a stable name. */
function apiTimes(result: AnalyticsResult): Map<string, number> {
  return new Map([
    ...result.comparisons.map((c) => [`seed: ${c.question}`, c.api.medianMs] as const),
    ...result.overview.map((row) => [`dashboard: ${row.question}`, row.api.medianMs] as const),
    ...result.runsPage.map((row) => [`runs page: ${row.question}`, row.api.medianMs] as const),
  ]);
}

interface Growth {
  question: string;
  times: (number | null)[];
  /** Largest data set's time over the smallest's. */
  growth: number | null;
}

function growthRows(results: SizedResult[]): Growth[] {
  const tables = results.map(({ result }) => apiTimes(result));
  const questions = [...(tables.at(-1)?.keys() ?? [])];
  return questions.map((question) => {
    const times = tables.map((table) => table.get(question) ?? null);
    const first = times[0] ?? null;
    const last = times.at(-1) ?? null;
    return {
      question,
      times,
      growth: first !== null && last !== null && times.length > 1 ? last / first : null,
    };
  });
}

function growthSection(results: SizedResult[], rows: Growth[]): string {
  const first = results[0]?.size;
  const last = results.at(-1)?.size;
  if (!first || !last || results.length < 2) return "";
  const dataGrowth = last.steps / first.steps;
  return [
    "## Growth with the data",
    "",
    `API median ms per data set; "time ×" is the largest data set's time over the smallest's, ` +
      `against **${ratio(dataGrowth)} the steps** (${ratio(last.runs / first.runs)} the runs). ` +
      "Less than linear: time × below data ×.",
    "",
    markdownTable(
      ["question", ...results.map(({ size }) => `${count(size.steps)} steps ms`), "time ×"],
      rows.map((row) => [
        row.question,
        ...row.times.map((time) => fixed(time, 2)),
        ratio(row.growth),
      ]),
      [false, ...results.map(() => true), true],
    ),
  ].join("\n");
}

function targetChecks(results: SizedResult[], rows: Growth[]): TargetCheck[] {
  const largest = results.at(-1);
  if (!largest) return [];
  const runsPageWorst = [...largest.result.runsPage].sort(
    (a, b) => b.api.medianMs - a.api.medianMs,
  )[0];
  const checks = [...analyticsTargetChecks(largest.result)];
  if (runsPageWorst) {
    checks.push({
      goal: `every runs page listing ≤ ${TARGET_MS} ms at the largest size (through the API)`,
      measured: `slowest: ${runsPageWorst.question}, ${fixed(runsPageWorst.api.medianMs, 2)} ms`,
      met: runsPageWorst.api.medianMs <= TARGET_MS,
    });
  }
  const first = results[0]?.size;
  if (first && results.length > 1) {
    const dataGrowth = largest.size.steps / first.steps;
    const steepest = [...rows].sort((a, b) => (b.growth ?? 0) - (a.growth ?? 0))[0];
    if (steepest?.growth != null) {
      checks.push({
        goal: "every answer grows less than linearly with the data",
        measured: `steepest: ${steepest.question}, ${ratio(steepest.growth)} for ${ratio(dataGrowth)} the data`,
        met: steepest.growth < dataGrowth,
      });
    }
  }
  return checks;
}

export function analyticsDocument(input: AnalyticsDocumentInput): string {
  const { results } = input;
  const rows = growthRows(results);
  const largest = results.at(-1);
  const smaller = results.slice(0, -1);
  const sections = [
    HOW_TO,
    "## Machine and versions",
    machineSection(input.machine),
    "## Targets",
    checksTable(targetChecks(results, rows)),
    growthSection(results, rows),
    ...smaller.map(
      ({ size, result }) =>
        `## At ${sizeLabel(size)}\n\nLoaded in ${fixed(result.load.runsSec + result.load.stepsSec)} s; ` +
        `rollups folded in ${fixed(result.load.rollupSec)} s; **${result.load.inconsistentRuns} runs** ` +
        "differ from their steps' sums. Its times are in the growth table; the details below are the largest data set's.",
    ),
    ...(largest ? [`## At ${sizeLabel(largest.size)}`, analyticsSection(largest.result)] : []),
    NOTES_MARKER,
    input.keptNotes.trim(),
  ];
  return `${sections
    .filter((section) => section !== "")
    .join("\n\n")
    .trim()}\n`;
}
