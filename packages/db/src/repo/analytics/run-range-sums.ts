import type { RunStatus } from "@columnline/domain";
import { type SQL, sql } from "drizzle-orm";
import type { DbExecutor } from "../../client/types";
import {
  queryRows,
  readDecimal,
  readNullableText,
  readNumber,
  readText,
} from "../../internal/rows";
import { rangeSpansCtes, rollupRows } from "./range-spans";

export interface RunRangeSum {
  label: string;
  /** Set when summed per client. */
  clientId: string | null;
  status: RunStatus;
  runs: number;
  totalTokens: number;
  /** The sum of the runs' total_cost (each rounded to 4 places), exact. */
  totalCost: string;
}

export interface RunRangeOptions {
  perClient?: boolean;
  clientId?: string;
  status?: RunStatus;
  /** false when a range is open-ended (see rollupRows). */
  finite?: boolean;
}

/**
 * The runs started in each [lo, hi) of `ranges`, per status (and client): whole UTC days and
 * hours from v2_run_rollups plus the deltas not folded into it yet, the partial hours at the
 * edges from v2_runs. One statement.
 */
export function runRangeSumsQuery(ranges: SQL, options: RunRangeOptions = {}): SQL {
  const { perClient = false, clientId, status, finite = true } = options;
  const rollupClients =
    clientId !== undefined
      ? sql`u.client_id = ${clientId}`
      : perClient
        ? // Every rollup client but '' (all clients) is a client (runs reference v2_clients).
          sql`u.client_id <> ''`
        : sql`u.client_id = ''`;
  const rollupStatus = status === undefined ? sql`` : sql`AND u.status = ${status}`;
  const runFilter = sql.join(
    [
      sql`true`,
      ...(clientId === undefined ? [] : [sql`r.client_id = ${clientId}`]),
      ...(status === undefined ? [] : [sql`r.status = ${status}`]),
    ],
    sql` AND `,
  );
  const client = perClient ? sql`client_id` : sql`NULL::text`;
  return sql`
    WITH ${rangeSpansCtes(ranges)},
    parts AS (
      SELECT u.label, ${perClient ? sql`u.client_id` : sql`NULL::text`} AS client_id, u.status,
             sum(u.runs) AS runs, sum(u.total_tokens) AS total_tokens,
             sum(u.total_cost) AS total_cost
        FROM ${rollupRows(sql`v2_run_rollups`, sql`${rollupClients} ${rollupStatus}`, finite)}
       GROUP BY 1, 2, 3
      UNION ALL
      -- The run changes not folded yet (in this statement's snapshot, like the rollups).
      SELECT sp.label, ${perClient ? sql`u.client_id` : sql`NULL::text`}, u.status, sum(u.runs),
             sum(u.total_tokens), sum(u.total_cost)
        FROM v2_run_rollup_deltas AS u
        JOIN spans AS sp ON u.hour >= sp.h_lo AND u.hour < sp.h_hi
       WHERE ${rollupClients} ${rollupStatus}
       GROUP BY 1, 2, 3
      UNION ALL
      SELECT e.label, ${perClient ? sql`r.client_id` : sql`NULL::text`}, r.status, count(*),
             sum(r.total_tokens), sum(r.total_cost)
        FROM edges AS e
       -- LATERAL ... OFFSET 0 (never flattened): the (few, short) edges drive index range scans, never a pass over runs.
       CROSS JOIN LATERAL (
              SELECT r.* FROM v2_runs AS r
               WHERE r.started_at >= e.e_lo AND r.started_at < e.e_hi AND ${runFilter}
              OFFSET 0) AS r
       GROUP BY 1, 2, 3
    )
    SELECT label, ${client} AS client_id, status, sum(runs) AS runs,
           sum(total_tokens)::text AS total_tokens, sum(total_cost)::text AS total_cost
      FROM parts
     GROUP BY label, ${client}, status
    HAVING sum(runs) > 0
     ORDER BY 1, 2, 3`;
}

export async function runRangeSums(
  executor: DbExecutor,
  ranges: SQL,
  options: RunRangeOptions = {},
): Promise<RunRangeSum[]> {
  const rows = await queryRows(executor, runRangeSumsQuery(ranges, options));
  return rows.map((row) => ({
    label: readText(row.label),
    clientId: readNullableText(row.client_id),
    status: readText(row.status) as RunStatus,
    runs: readNumber(row.runs),
    totalTokens: readNumber(row.total_tokens),
    totalCost: readDecimal(row.total_cost),
  }));
}

/** One range [from, to) (either end open when absent), labelled "all". */
export function singleRange(from?: Date, to?: Date): SQL {
  const lo =
    from === undefined ? sql`'-infinity'::timestamptz` : sql`${from.toISOString()}::timestamptz`;
  const hi =
    to === undefined ? sql`'infinity'::timestamptz` : sql`${to.toISOString()}::timestamptz`;
  return sql`SELECT 'all'::text AS label, ${lo} AS lo, ${hi} AS hi`;
}
