import type { Sql } from "postgres";
import { type Timing, timeIt } from "./time-it";

/** One dashboard query timed through the API, and whether it equals the ledger's answer. */
export interface OverviewTiming {
  question: string;
  path: string;
  api: Timing;
  /** null: not checked against a full ledger pass (too slow to repeat for every row). */
  exact: boolean | null;
}

const RUNS = { warmup: 3, runs: 15 };
const DAY = 86_400_000;

/** The 30 (or 365) UTC days before the day after `end`, as query parameters. */
function lastDays(end: Date, days: number): string {
  const to = new Date(Math.floor(end.getTime() / DAY) * DAY + DAY);
  const from = new Date(to.getTime() - days * DAY);
  return `from=${from.toISOString()}&to=${to.toISOString()}`;
}

/** The ledger's own cost per UTC day and model over the range: the oracle for cost-series. */
async function ledgerCostSeries(sql: Sql, end: Date) {
  const to = new Date(Math.floor(end.getTime() / DAY) * DAY + DAY);
  const from = new Date(to.getTime() - 30 * DAY);
  const rows = await sql<{ day: string; model: string; cost: string; n: string }[]>`
    SELECT to_char(recorded_at AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD') AS day, model,
           round(sum(cost), 4)::text AS cost, count(*)::text AS n
      FROM v2_run_steps WHERE recorded_at >= ${from} AND recorded_at < ${to}
     GROUP BY 1, 2 ORDER BY 1, 2`;
  return rows.map((row) => `${row.day} ${row.model} ${row.cost} ${row.n}`);
}

/**
 * The overview, clients and models pages' queries at scale (issue 14), each through the API:
 * the data set's newest month (and year), in UTC and in a half-hour zone (day edges inside an
 * hour, read from the ledger).
 */
export async function timeOverviewQueries(
  get: (path: string) => Promise<unknown>,
  sql: Sql,
  end: Date,
  bigClient: string,
): Promise<OverviewTiming[]> {
  const month = lastDays(end, 30);
  const year = lastDays(end, 365);
  const at = end.toISOString();
  const questions: [string, string][] = [
    ["cost summary, all completed runs (p50/p95)", "/analytics/cost-summary"],
    ["cost summary, last 30 days (p50/p95)", `/analytics/cost-summary?${month}`],
    ["top 10 runs", "/analytics/top-runs"],
    ["cost per day by model, 30 days, UTC", `/analytics/cost-series?${month}`],
    [
      "cost per day by model, 30 days, Asia/Kolkata",
      `/analytics/cost-series?${month}&time_zone=Asia/Kolkata`,
    ],
    ["cost per day by client, 30 days", `/analytics/cost-series?${month}&group_by=client`],
    [
      "cost per day by step name, 30 days, one client",
      `/analytics/cost-series?${month}&group_by=step_name&client_id=${bigClient}`,
    ],
    ["cost per day by model, 365 days", `/analytics/cost-series?${year}`],
    ["spend periods, UTC", `/analytics/spend-periods?at=${at}`],
    [
      "spend periods, New York, one client",
      `/analytics/spend-periods?at=${at}&time_zone=America/New_York&client_id=${bigClient}`,
    ],
    ["spend by client, 30 days", `/analytics/spend-by-client?${month}`],
    ["spend by client, 365 days", `/analytics/spend-by-client?${year}`],
    ["runs by status, 30 days", `/analytics/runs-by-status?${month}`],
    [
      "runs by status, 365 days, Asia/Kolkata",
      `/analytics/runs-by-status?${year}&time_zone=Asia/Kolkata`,
    ],
    ["unpriced steps, 30 days", `/analytics/unpriced-steps?${month}`],
  ];
  const oracle = await ledgerCostSeries(sql, end);
  const series = (await get(`/analytics/cost-series?${month}&time_zone=Asia/Kolkata`)) as {
    day: string;
    group: string;
    cost: string;
    step_count: number;
  }[];
  const seriesExact =
    JSON.stringify(series.map((row) => `${row.day} ${row.group} ${row.cost} ${row.step_count}`)) ===
    JSON.stringify(oracle);
  const timings: OverviewTiming[] = [];
  for (const [question, path] of questions) {
    timings.push({
      question,
      path: `GET /api/v1${path.split("?")[0]}`,
      api: await timeIt(() => get(path), RUNS),
      exact: path.includes("Kolkata") && path.includes("cost-series") ? seriesExact : null,
    });
  }
  return timings;
}
