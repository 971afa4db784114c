import { createApiKey, createDb } from "@columnline/db";
import type { Sql } from "postgres";
import type { AnalyticsSize } from "../config";
import { freePort } from "../processes/free-port";
import { startServer } from "../processes/server-process";
import { type BulkLoadTimings, bulkLoad } from "./bulk-load";
import { type OverviewTiming, timeOverviewQueries } from "./overview-bench";
import {
  API_COST_SUMMARY_NO_PERCENTILES,
  apiCostSummary,
  apiTopRuns,
  type RenderedQuery,
  SEED_AVERAGE_COST,
  SEED_MOST_EXPENSIVE,
  seedRunCost,
  TOP_RUNS_INDEX,
} from "./queries";
import { benchRunsPage, type RunsPageRow } from "./runs-page";
import { clientId } from "./synthetic-runs";
import { type Timing, timeIt } from "./time-it";

export interface QueryComparison {
  question: string;
  /** The seed's query, verbatim. */
  seed: Timing;
  /** The SQL the API runs, when it differs from the seed's. */
  apiSql: Timing | null;
  api: Timing;
  apiPath: string;
  answersMatch: boolean;
}

export interface AnalyticsResult {
  load: BulkLoadTimings;
  comparisons: QueryComparison[];
  /** GET /healthz on the same API through the same client: HTTP's own floor (no auth, no SQL). */
  httpFloor: Timing;
  /** The seed's top-runs query served by the bare node:http + postgres.js server, same client. */
  bareTopRuns: Timing;
  /** cost-summary's SQL without its percentiles: what the percentiles cost. */
  costSummaryNoPercentiles: Timing;
  explainSeed: string;
  explainApi: string;
  /** The API's cost-summary plan: a full pass over the status's runs, whatever the index. */
  explainCostSummary: string;
  usesIndex: boolean;
  /** The dashboard's queries (issue 14) through the API. */
  overview: OverviewTiming[];
  /** GET /api/v1/runs's listings for the runs page (runs-page.ts). */
  runsPage: RunsPageRow[];
}

interface AnalyticsContext {
  size: AnalyticsSize;
  sql: Sql;
  databaseUrl: string;
  adminKey: string;
  workDir: string;
  apiBundle: string;
  baselineBundle: string;
}

const HEAVY = { warmup: 1, runs: 7 };
// Enough warm-up for V8 to optimize the request path, as in a service that has been up a while.
const LIGHT = { warmup: 300, runs: 200 };

const run = (sql: Sql, query: RenderedQuery) => sql.unsafe(query.sql, query.params as never[]);

async function explain(sql: Sql, query: string | RenderedQuery): Promise<string> {
  const { sql: text, params } = typeof query === "string" ? { sql: query, params: [] } : query;
  const rows = await run(sql, { sql: `EXPLAIN (ANALYZE, BUFFERS) ${text}`, params });
  return rows.map((row) => String(row["QUERY PLAN"])).join("\n");
}

/** Bulk-loads the data set, then times the seed's queries raw against the API's answers. */
export async function runAnalyticsBench(ctx: AnalyticsContext): Promise<AnalyticsResult> {
  const { sql, size } = ctx;
  const end = new Date();
  const load = await bulkLoad(sql, { runs: size.runs, steps: size.steps, end });

  const db = await createDb({ databaseUrl: ctx.databaseUrl });
  const { key } = await createApiKey(db, { name: "bench reader", scopes: ["runs:read"] });
  await db.close();

  const port = await freePort();
  const server = await startServer({
    label: "api (analytics)",
    nodeArgs: [ctx.apiBundle],
    cwd: ctx.workDir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: ctx.databaseUrl,
      ADMIN_API_KEY: ctx.adminKey,
      // The data set's running runs are days old: the reaper must not fail them mid-bench.
      RUN_TIMEOUT: "3650d",
    },
    port,
    logFile: `${ctx.workDir}/api-analytics.log`,
  });
  const barePort = await freePort();
  const bare = await startServer({
    label: "baseline (analytics)",
    nodeArgs: [ctx.baselineBundle],
    cwd: ctx.workDir,
    env: { ...process.env, PORT: String(barePort), DATABASE_URL: ctx.databaseUrl },
    port: barePort,
    logFile: `${ctx.workDir}/baseline-analytics.log`,
  });
  try {
    const get = async (path: string) => {
      const response = await fetch(`${server.url}/api/v1${path}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return response.json() as Promise<unknown>;
    };
    const [sample] = await sql<{ run_id: string }[]>`
      SELECT run_id FROM v2_runs WHERE status = 'completed' ORDER BY started_at
      OFFSET ${Math.floor(load.runs / 2)} LIMIT 1
    `;
    const runId = sample?.run_id ?? "";

    const comparisons: QueryComparison[] = [];
    {
      const [raw] = await sql.unsafe(seedRunCost(runId));
      const api = (await get(`/runs/${runId}`)) as Record<string, unknown>;
      comparisons.push({
        question: "total cost for a run",
        seed: await timeIt(() => sql.unsafe(seedRunCost(runId)), LIGHT),
        apiSql: null,
        api: await timeIt(() => get(`/runs/${runId}`), LIGHT),
        apiPath: "GET /api/v1/runs/{run_id}",
        answersMatch:
          Number(api.total_cost) === Number(raw?.total_cost) &&
          api.total_tokens === raw?.total_tokens,
      });
    }
    {
      const [raw] = await sql.unsafe(SEED_AVERAGE_COST);
      const api = (await get("/analytics/cost-summary")) as Record<string, unknown>;
      comparisons.push({
        question: "average cost per run",
        seed: await timeIt(() => sql.unsafe(SEED_AVERAGE_COST), HEAVY),
        apiSql: await timeIt(() => run(sql, apiCostSummary()), HEAVY),
        api: await timeIt(() => get("/analytics/cost-summary"), HEAVY),
        apiPath: "GET /api/v1/analytics/cost-summary",
        answersMatch:
          Number(api.run_count) === Number(raw?.run_count) &&
          Number(api.avg_cost) === Math.round(Number(raw?.avg_cost) * 10_000) / 10_000,
      });
    }
    {
      const raw = await sql.unsafe(SEED_MOST_EXPENSIVE);
      const api = (await get("/analytics/top-runs")) as { total_cost: string }[];
      comparisons.push({
        question: "most expensive runs",
        seed: await timeIt(() => sql.unsafe(SEED_MOST_EXPENSIVE), LIGHT),
        apiSql: await timeIt(() => run(sql, apiTopRuns()), LIGHT),
        api: await timeIt(() => get("/analytics/top-runs"), LIGHT),
        apiPath: "GET /api/v1/analytics/top-runs",
        answersMatch:
          api.length === raw.length &&
          api.every((row, index) => Number(row.total_cost) === Number(raw[index]?.total_cost)),
      });
    }
    const bareTopRuns = await timeIt(
      () => fetch(`${bare.url}/top-runs`).then((response) => response.json()),
      LIGHT,
    );
    const httpFloor = await timeIt(
      () => fetch(`${server.url}/healthz`).then((response) => response.text()),
      LIGHT,
    );
    const costSummaryNoPercentiles = await timeIt(
      () => sql.unsafe(API_COST_SUMMARY_NO_PERCENTILES),
      HEAVY,
    );
    const overview = await timeOverviewQueries(get, sql, end, clientId(0));
    const explainSeed = await explain(sql, SEED_MOST_EXPENSIVE);
    const explainApi = await explain(sql, apiTopRuns());
    const explainCostSummary = await explain(sql, apiCostSummary());
    const runsPage = await benchRunsPage(sql, get);
    return {
      load,
      comparisons,
      httpFloor,
      bareTopRuns,
      costSummaryNoPercentiles,
      explainSeed,
      explainApi,
      explainCostSummary,
      usesIndex: explainSeed.includes(TOP_RUNS_INDEX) && explainApi.includes(TOP_RUNS_INDEX),
      overview,
      runsPage,
    };
  } finally {
    await server.stop();
    await bare.stop();
  }
}
