import type { RunStatus } from "@columnline/domain";
import { type SQL, sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { queryRows, readDecimal, readNumber, readText } from "../../internal/rows";
import { parseLimit } from "../../internal/validate";
import { type AnalyticsFilter, runFilterSql } from "./filters";

export interface TopRun {
  runId: string;
  clientId: string;
  status: RunStatus;
  totalTokens: number;
  totalCost: string;
}

export const MAX_TOP_RUNS = 100;

/** The SQL topRuns runs; exported so the benchmark times and EXPLAINs this very query. */
export function topRunsQuery(filter: AnalyticsFilter & { limit?: number } = {}): SQL {
  const limit = parseLimit(filter.limit, 10, MAX_TOP_RUNS);
  return sql`
    SELECT r.run_id, r.client_id, r.status, r.total_tokens, r.total_cost
      FROM v2_runs AS r
     WHERE ${runFilterSql(filter)}
     ORDER BY r.total_cost DESC, r.run_id
     LIMIT ${limit}
  `;
}

/**
 * The seed's "most expensive runs": read in order from the
 * (status, total_cost DESC, run_id) index, so it stops after `limit` rows.
 */
export async function topRuns(
  handle: DbHandle,
  filter: AnalyticsFilter & { limit?: number } = {},
): Promise<TopRun[]> {
  const query = topRunsQuery(filter);
  return withDomainErrors(async () => {
    const rows = await queryRows(executorOf(handle), query);
    return rows.map((row) => ({
      runId: readText(row.run_id),
      clientId: readText(row.client_id),
      status: readText(row.status) as RunStatus,
      totalTokens: readNumber(row.total_tokens),
      totalCost: readDecimal(row.total_cost),
    }));
  });
}
