import { type SQL, sql } from "drizzle-orm";
import type { DbExecutor } from "../../client/types";
import {
  queryRows,
  readDecimal,
  readNullableText,
  readNumber,
  readText,
} from "../../internal/rows";
import type { LedgerTotals } from "./ledger-breakdown";
import { rangeSpansCtes, rollupRows } from "./range-spans";

/** What step sums are grouped by; null: one group per range. */
export type StepGroupBy = "model" | "client" | "step_name" | null;

export interface StepRangeSum extends LedgerTotals {
  label: string;
  group: string | null;
}

/** The ledger's expression for a group; the client by primary key, row by row (edges are small). */
const LEDGER_KEY: Record<Exclude<StepGroupBy, null>, SQL> = {
  model: sql`s.model`,
  step_name: sql`s.step_name`,
  client: sql`(SELECT r.client_id FROM v2_runs AS r WHERE r.run_id = s.run_id)`,
};

/**
 * The steps recorded in each [lo, hi) of `ranges` (by recorded_at, whatever their run's
 * status), summed per range and group: whole UTC days and hours from v2_step_rollups plus
 * the steps not folded into it yet, the partial hours at the edges from the ledger. Exactly the GROUP BY over the ledger, read in one
 * statement (one snapshot).
 */
export function stepRangeSumsQuery(
  ranges: SQL,
  groupBy: StepGroupBy,
  clientId?: string,
  finite = true,
): SQL {
  const dimension = groupBy === "client" ? "client" : (groupBy ?? "model");
  const rollupClient = groupBy === "client" ? "" : (clientId ?? "");
  const rollupGroup = groupBy === null ? sql`NULL::text` : sql`u.grp`;
  const rollupFilter =
    groupBy === "client" && clientId !== undefined ? sql`AND u.grp = ${clientId}` : sql``;
  const ledgerGroup = groupBy === null ? sql`NULL::text` : LEDGER_KEY[groupBy];
  return sql`
    WITH ${rangeSpansCtes(ranges)},
    parts AS (
      SELECT u.label, ${rollupGroup} AS grp, sum(u.step_count) AS step_count,
             sum(u.tokens) AS tokens, sum(u.cost) AS cost, sum(u.unpriced_steps) AS unpriced
        FROM ${rollupRows(sql`v2_step_rollups`, sql`u.dimension = ${dimension} AND u.client_id = ${rollupClient} ${rollupFilter}`, finite)}
       GROUP BY 1, 2
      UNION ALL
      -- The steps not folded yet (after steps_through, read in this statement's snapshot like
      -- the rollups), summed per hour first: few rows to test against the spans.
      SELECT sp.label, t.grp, sum(t.n), sum(t.tokens), sum(t.cost), sum(t.unpriced)
        FROM (SELECT date_trunc('hour', s.recorded_at, 'UTC') AS hour, ${ledgerGroup} AS grp,
                     count(*) AS n, sum(s.tokens) AS tokens, coalesce(sum(s.cost), 0) AS cost,
                     count(*) FILTER (WHERE s.cost_source = 'unpriced') AS unpriced
                FROM v2_run_steps AS s
               WHERE s.id > (SELECT f.steps_through FROM v2_analytics_fold AS f)
                 AND ${clientId === undefined ? sql`true` : sql`${LEDGER_KEY.client} = ${clientId}`}
               GROUP BY 1, 2) AS t
        JOIN spans AS sp ON t.hour >= sp.h_lo AND t.hour < sp.h_hi
       GROUP BY 1, 2
      UNION ALL
      SELECT e.label, ${ledgerGroup} AS grp, count(*), sum(s.tokens), coalesce(sum(s.cost), 0),
             count(*) FILTER (WHERE s.cost_source = 'unpriced')
        FROM edges AS e
       -- LATERAL ... OFFSET 0 (never flattened): the (few, short) edges drive index range scans, never a pass over steps.
       CROSS JOIN LATERAL (
              SELECT s.* FROM v2_run_steps AS s
               WHERE s.recorded_at >= e.e_lo AND s.recorded_at < e.e_hi
                 AND ${clientId === undefined ? sql`true` : sql`${LEDGER_KEY.client} = ${clientId}`}
              OFFSET 0) AS s
       GROUP BY 1, 2
    )
    SELECT label, grp, sum(step_count) AS step_count, sum(tokens)::text AS tokens,
           round(sum(cost), 4)::text AS cost, sum(cost)::text AS cost_exact,
           sum(unpriced) AS unpriced_steps
      FROM parts
     GROUP BY label, grp
    HAVING sum(step_count) > 0
     ORDER BY label, grp NULLS LAST`;
}

export async function stepRangeSums(
  executor: DbExecutor,
  ranges: SQL,
  groupBy: StepGroupBy,
  clientId?: string,
  finite = true,
): Promise<StepRangeSum[]> {
  const rows = await queryRows(executor, stepRangeSumsQuery(ranges, groupBy, clientId, finite));
  return rows.map((row) => ({
    label: readText(row.label),
    group: readNullableText(row.grp),
    stepCount: readNumber(row.step_count),
    tokens: readNumber(row.tokens),
    cost: readDecimal(row.cost),
    costExact: readDecimal(row.cost_exact),
    unpricedSteps: readNumber(row.unpriced_steps),
  }));
}
