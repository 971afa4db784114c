import { type SQL, sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { queryRows, readDecimal, readNullableDecimal, readNumber } from "../../internal/rows";
import { type AnalyticsFilter, runFilterSql } from "./filters";

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

/** The SQL costSummary runs; exported so the benchmark times and EXPLAINs this very query. */
export function costSummaryQuery(filter: AnalyticsFilter = {}): SQL {
  const where = runFilterSql(filter);
  return sql`
    SELECT run_count, total_tokens, total_cost, avg_tokens, avg_cost,
           round(percentiles[1]::numeric, 4)::text AS p50_cost,
           round(percentiles[2]::numeric, 4)::text AS p95_cost
      FROM (
        -- One sort serves both percentiles (bench: the sort dominates at 1M runs).
        SELECT count(*) AS run_count,
               coalesce(sum(r.total_tokens), 0)::text AS total_tokens,
               round(coalesce(sum(r.total_cost), 0), 4)::text AS total_cost,
               round(avg(r.total_tokens), 2)::text AS avg_tokens,
               round(avg(r.total_cost), 4)::text AS avg_cost,
               percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY r.total_cost::float8) AS percentiles
          FROM v2_runs AS r
         WHERE ${where}
      ) AS summary
  `;
}

/** The seed's "average cost per run", with totals and cost percentiles. */
export async function costSummary(
  handle: DbHandle,
  filter: AnalyticsFilter = {},
): Promise<CostSummary> {
  const query = costSummaryQuery(filter);
  return withDomainErrors(async () => {
    const [row] = await queryRows(executorOf(handle), query);
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
