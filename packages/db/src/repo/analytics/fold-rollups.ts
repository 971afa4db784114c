import { sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { queryRows, readNumber } from "../../internal/rows";

export interface FoldResult {
  /** Steps added to the rollups by this call. */
  stepsFolded: number;
  /** Run deltas added to the rollups (and deleted) by this call. */
  runDeltasFolded: number;
  /** The steps with id <= this are in the rollups now. */
  stepsThrough: number;
}

/**
 * Folds the steps and run changes recorded since the last fold into the analytics rollups
 * (fold_analytics_rollups(), migration 0010). Reads are exact without it (they add what is
 * not folded): folding keeps them fast. Never waits on writers; a fold already running
 * elsewhere makes this one return at once. A step is folded one or two calls after its
 * transaction ends (the second when writers were in flight at the first).
 */
export async function foldAnalyticsRollups(handle: DbHandle): Promise<FoldResult> {
  return withDomainErrors(async () => {
    const [row] = await queryRows(
      executorOf(handle),
      sql`SELECT * FROM public.fold_analytics_rollups()`,
    );
    if (!row) throw new Error("fold_analytics_rollups() returned no row");
    return {
      stepsFolded: readNumber(row.steps_folded),
      runDeltasFolded: readNumber(row.run_deltas_folded),
      stepsThrough: readNumber(row.steps_through),
    };
  });
}
