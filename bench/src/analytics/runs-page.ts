/**
 * The runs page's queries (GET /api/v1/runs with its filters, search, sorts and deep
 * cursors) at the bench's scale: the SQL listRuns runs (from the db package itself, so
 * they cannot drift), timed raw and through the API, with the indexes each plan uses.
 */
import { type ListRunsFilter, listRunsQuery, renderQuery } from "@columnline/db";
import type { Sql } from "postgres";
import { type Timing, timeIt } from "./time-it";

export interface RunsPageRow {
  question: string;
  apiPath: string;
  sql: Timing;
  api: Timing;
  /** Items on the page the API answered. */
  items: number;
  /** The indexes the plan reads, from EXPLAIN ANALYZE. */
  indexes: string[];
  planMs: number;
}

type Get = (path: string) => Promise<unknown>;

interface RunsPageCase {
  question: string;
  filter: ListRunsFilter;
  /** The same listing as REST query parameters. */
  params: Record<string, string>;
}

const TIMING = { warmup: 20, runs: 40 };

/** ListRunsFilter → the REST query string of the same listing. */
function restParams(filter: ListRunsFilter): Record<string, string> {
  const names: Record<string, string> = {
    clientId: "client_id",
    triggeredBy: "triggered_by",
    minCost: "min_cost",
    maxCost: "max_cost",
    startedAfter: "started_after",
    startedBefore: "started_before",
  };
  return Object.fromEntries(
    Object.entries(filter).map(([key, value]) => [
      names[key] ?? key,
      value instanceof Date ? value.toISOString() : String(value),
    ]),
  );
}

/** A cursor in the middle of a listing, taken from a one-run page that stops there. */
async function middleCursor(get: Get, params: Record<string, string>): Promise<string> {
  const page = (await get(`/runs?${new URLSearchParams({ ...params, limit: "1" })}`)) as {
    next_cursor: string | null;
  };
  return page.next_cursor ?? "";
}

/** The page's listings over the loaded data: real clients, days, IDs and costs. */
async function casesFor(sql: Sql, get: Get): Promise<RunsPageCase[]> {
  const [big, small] = await sql<{ client_id: string }[]>`
    (SELECT client_id FROM v2_runs GROUP BY client_id ORDER BY count(*) DESC LIMIT 1)
    UNION ALL
    (SELECT client_id FROM v2_runs GROUP BY client_id ORDER BY count(*) LIMIT 1)`;
  const [costs] = await sql<{ median: string; p51: string; p99: string }[]>`
    SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY total_cost)::text AS median,
           percentile_disc(0.51) WITHIN GROUP (ORDER BY total_cost)::text AS p51,
           percentile_disc(0.99) WITHIN GROUP (ORDER BY total_cost)::text AS p99
      FROM v2_runs`;
  const [mid] = await sql<{ run_id: string; started_at: Date }[]>`
    SELECT run_id, started_at FROM v2_runs
     ORDER BY started_at OFFSET (SELECT count(*) / 2 FROM v2_runs) LIMIT 1`;
  if (!big || !small || !mid || !costs) throw new Error("runs page: no runs loaded");
  const day = mid.run_id.slice(0, "RUN_YYYYMMDD".length);
  const weekAgo = new Date(mid.started_at.getTime() - 7 * 86_400_000);
  const filters: [string, ListRunsFilter][] = [
    ["newest first", {}],
    ["status failed", { status: "failed" }],
    ["status running", { status: "running" }],
    ["largest client", { clientId: big.client_id }],
    ["smallest client", { clientId: small.client_id }],
    ["a week's runs", { startedAfter: weekAgo, startedBefore: mid.started_at }],
    ["most expensive first", { sort: "total_cost" }],
    ["cheapest first", { sort: "total_cost", order: "asc" }],
    ["largest client by cost", { clientId: big.client_id, sort: "total_cost" }],
    ["failed by cost", { status: "failed", sort: "total_cost" }],
    ["cost ≥ its 99th percentile", { minCost: costs.p99 }],
    ["cost between its 50th and 51st percentiles", { minCost: costs.median, maxCost: costs.p51 }],
    ["q: a day's run_id prefix", { q: day }],
    ["q: a month's run_id prefix", { q: day.slice(0, -2) }],
    ["q: a year's dossier prefix", { q: `DOSS_${day.slice(4, 8)}` }],
    ["q: an exact run_id", { q: mid.run_id }],
    [
      "client + status + trigger + cost, by cost",
      {
        clientId: big.client_id,
        status: "completed",
        triggeredBy: "api",
        minCost: costs.median,
        sort: "total_cost",
      },
    ],
  ];
  const cases = filters.map(([question, filter]) => ({
    question,
    filter,
    params: restParams(filter),
  }));
  const deepByStart = await middleCursor(get, { started_before: mid.started_at.toISOString() });
  const deepByCost = await middleCursor(get, { sort: "total_cost", max_cost: costs.median });
  for (const [question, filter] of [
    ["a page in the middle, by start", { cursor: deepByStart }],
    ["a page in the middle, by cost", { sort: "total_cost", cursor: deepByCost }],
  ] as [string, ListRunsFilter][]) {
    cases.push({ question, filter, params: restParams(filter) });
  }
  return cases;
}

async function explainIndexes(sql: Sql, query: { sql: string; params: unknown[] }) {
  const rows = await sql.unsafe(
    `EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql}`,
    query.params as never[],
  );
  const [document] = (rows[0]?.["QUERY PLAN"] ?? []) as {
    Plan: unknown;
    "Execution Time": number;
  }[];
  const indexes = new Set<string>();
  const walk = (node: unknown) => {
    const plan = node as { "Index Name"?: string; Plans?: unknown[] };
    if (plan["Index Name"]) indexes.add(plan["Index Name"]);
    for (const child of plan.Plans ?? []) walk(child);
  };
  walk(document?.Plan);
  return { indexes: [...indexes], planMs: document?.["Execution Time"] ?? Number.NaN };
}

/** Times each runs-page listing raw (listRunsQuery) and through GET /api/v1/runs. */
export async function benchRunsPage(sql: Sql, get: Get): Promise<RunsPageRow[]> {
  const rows: RunsPageRow[] = [];
  for (const { question, filter, params } of await casesFor(sql, get)) {
    const query = renderQuery(listRunsQuery(filter));
    const path = `/runs?${new URLSearchParams(params)}`;
    const page = (await get(path)) as { items: unknown[] };
    rows.push({
      question,
      apiPath: path.length > 60 ? `${path.slice(0, 57)}...` : path,
      sql: await timeIt(() => sql.unsafe(query.sql, query.params as never[]), TIMING),
      api: await timeIt(() => get(path), TIMING),
      items: page.items.length,
      ...(await explainIndexes(sql, query)),
    });
  }
  return rows;
}
