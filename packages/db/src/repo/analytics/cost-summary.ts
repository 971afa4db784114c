import { runStatusSchema } from "@columnline/domain";
import { type SQL, sql } from "drizzle-orm";
import type { DbHandle } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { queryRows, readDecimal, readNullableDecimal, readNumber } from "../../internal/rows";
import { parseDate, parseField } from "../../internal/validate";
import type { AnalyticsFilter } from "./filters";
import { runFilterSql } from "./filters";
import { withoutJit } from "./no-jit";
import { runRangeSumsQuery, singleRange } from "./run-range-sums";

/**
 * Money as decimal strings rounded to 4 places; avgTokens as a decimal string
 * rounded to 2 places. Averages and percentiles are null when no run matches.
 */
export interface CostSummary {
  runCount: number;
  totalTokens: number;
  totalCost: string;
  avgTokens: string | null;
  avgCost: string | null;
  p50Cost: string | null;
  p95Cost: string | null;
}

/**
 * The value at percentile `p` of the status's run costs, interpolated as percentile_cont
 * does (between the values at ascending positions floor((n-1)p) and the next), read from the
 * (status, total_cost DESC, run_id) index: it skips to the position instead of sorting.
 */
function indexedPercentile(status: string, p: number): SQL {
  return sql`(
    SELECT CASE WHEN pos.k + 1 <= pos.n - 1
                THEN min(v.total_cost) + (max(v.total_cost) - min(v.total_cost)) * pos.frac
                ELSE max(v.total_cost) END
      FROM (SELECT n, floor((n - 1) * ${p}::numeric)::bigint AS k,
                   (n - 1) * ${p}::numeric - floor((n - 1) * ${p}::numeric) AS frac
              FROM totals WHERE n > 0) AS pos
     CROSS JOIN LATERAL (
            SELECT r.total_cost FROM v2_runs AS r
             WHERE r.status = ${status}
             ORDER BY r.total_cost DESC, r.run_id
            OFFSET pos.n - 1 - least(pos.k + 1, pos.n - 1) LIMIT 2) AS v
     GROUP BY pos.n, pos.k, pos.frac)`;
}

/** Everything from one pass over the matching runs (the few running or pending ones). */
function scannedSummaryQuery(filter: AnalyticsFilter): SQL {
  return sql`
    SELECT run_count, total_tokens, total_cost, avg_tokens, avg_cost,
           round(percentiles[1]::numeric, 4)::text AS p50_cost,
           round(percentiles[2]::numeric, 4)::text AS p95_cost
      FROM (
        SELECT count(*) AS run_count,
               coalesce(sum(r.total_tokens), 0)::text AS total_tokens,
               round(coalesce(sum(r.total_cost), 0), 4)::text AS total_cost,
               round(avg(r.total_tokens), 2)::text AS avg_tokens,
               round(avg(r.total_cost), 4)::text AS avg_cost,
               percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY r.total_cost::float8) AS percentiles
          FROM v2_runs AS r
         WHERE ${runFilterSql(filter)}
      ) AS summary`;
}

/** percentile_cont over the matching runs: a pass over them (filters the index cannot skip). */
function scannedPercentiles(filter: AnalyticsFilter): SQL {
  return sql`(
    SELECT percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY r.total_cost::float8)
      FROM v2_runs AS r WHERE ${runFilterSql(filter)})`;
}

/**
 * The SQL costSummary runs; exported so the benchmark times and EXPLAINs this very query.
 * Count and sums come from v2_run_rollups (whole hours) and v2_runs (the edges); p50/p95 of
 * all of a status's runs skip along the cost index to their positions; with a client or a
 * time range they take a pass over the matching runs.
 */
export function costSummaryQuery(filter: AnalyticsFilter = {}): SQL {
  const status = parseField(runStatusSchema, filter.status ?? "completed", "status");
  const from = filter.from === undefined ? undefined : parseDate(filter.from, "from");
  const to = filter.to === undefined ? undefined : parseDate(filter.to, "to");
  // The rollups hold totals of finished runs only (see migration 0006): the few running and
  // pending runs are summed from v2_runs.
  if (status === "running" || status === "pending")
    return scannedSummaryQuery({ ...filter, status });
  const sums = runRangeSumsQuery(singleRange(from, to), {
    status,
    finite: from !== undefined && to !== undefined,
    ...(filter.clientId === undefined ? {} : { clientId: filter.clientId }),
  });
  const indexed = filter.clientId === undefined && from === undefined && to === undefined;
  const percentiles = indexed
    ? sql`ARRAY[${indexedPercentile(status, 0.5)}, ${indexedPercentile(status, 0.95)}]`
    : sql`${scannedPercentiles({ ...filter, status })}::numeric[]`;
  return sql`
    WITH sums AS (${sums}),
    totals AS (
      SELECT coalesce(sum(runs), 0) AS n, coalesce(sum(total_tokens::numeric), 0) AS tokens,
             coalesce(sum(total_cost::numeric), 0) AS cost
        FROM sums
    )
    SELECT n AS run_count, tokens::text AS total_tokens, round(cost, 4)::text AS total_cost,
           CASE WHEN n > 0 THEN round(tokens / n, 2)::text END AS avg_tokens,
           CASE WHEN n > 0 THEN round(cost / n, 4)::text END AS avg_cost,
           round(percentiles[1], 4)::text AS p50_cost,
           round(percentiles[2], 4)::text AS p95_cost
      -- OFFSET 0: evaluated once, not once per percentiles[i] reference.
      FROM totals, LATERAL (SELECT CASE WHEN n > 0 THEN ${percentiles} END AS percentiles OFFSET 0) AS p`;
}

/** The seed's "average cost per run", with totals and cost percentiles. */
export async function costSummary(
  handle: DbHandle,
  filter: AnalyticsFilter = {},
): Promise<CostSummary> {
  const query = costSummaryQuery(filter);
  return withDomainErrors(async () => {
    const [row] = await withoutJit(handle, (executor) => queryRows(executor, query));
    if (!row) throw new Error("aggregate returned no row");
    return {
      runCount: readNumber(row.run_count),
      totalTokens: readNumber(row.total_tokens),
      totalCost: readDecimal(row.total_cost),
      avgTokens: readNullableDecimal(row.avg_tokens),
      avgCost: readNullableDecimal(row.avg_cost),
      p50Cost: readNullableDecimal(row.p50_cost),
      p95Cost: readNullableDecimal(row.p95_cost),
    };
  });
}
