import { type SQL, sql } from "drizzle-orm";
import type { DbExecutor } from "../../client/types";
import { queryRows, type RawRow, readDecimal, readNumber } from "../../internal/rows";
import { type AnalyticsFilter, runFilterSql } from "./filters";

/** Sums over a group of ledger rows. cost: 4 places; costExact: the unrounded sum. */
export interface LedgerTotals {
  stepCount: number;
  tokens: number;
  cost: string;
  costExact: string;
  unpricedSteps: number;
}

/** Groups the step ledger (joined to its runs for the filter) by `groupKey`. */
export async function ledgerBreakdown(
  executor: DbExecutor,
  filter: AnalyticsFilter,
  groupKey: SQL,
): Promise<{ key: unknown; totals: LedgerTotals }[]> {
  const where = runFilterSql(filter);
  const rows = await queryRows(
    executor,
    sql`
      SELECT ${groupKey} AS group_key,
             count(*) AS step_count,
             coalesce(sum(s.tokens), 0)::text AS tokens,
             round(coalesce(sum(s.cost), 0), 4)::text AS cost,
             coalesce(sum(s.cost), 0)::text AS cost_exact,
             count(*) FILTER (WHERE s.cost_source = 'unpriced') AS unpriced_steps
        FROM v2_run_steps AS s
        JOIN v2_runs AS r ON r.run_id = s.run_id
       WHERE ${where}
       GROUP BY 1
       ORDER BY 1
    `,
  );
  return rows.map((row: RawRow) => ({
    key: row.group_key,
    totals: {
      stepCount: readNumber(row.step_count),
      tokens: readNumber(row.tokens),
      cost: readDecimal(row.cost),
      costExact: readDecimal(row.cost_exact),
      unpricedSteps: readNumber(row.unpriced_steps),
    },
  }));
}
