import { type RunStatus, runStatusSchema, sourcesFor } from "@columnline/domain";
import { sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { queryRows, readDate, readText } from "../../internal/rows";
import { parseDate, parseField, parseLimit } from "../../internal/validate";

export interface ReapStuckRunsOptions {
  /** Runs whose last activity is older than this are failed. */
  olderThan: Date;
  /** At most this many runs per call (default 1000, max 10000). */
  limit?: number;
}

export interface ReapedRun {
  runId: string;
  previousStatus: RunStatus;
  lastActivityAt: Date;
  errorMessage: string;
}

/**
 * Fails pending/running runs with no activity since `olderThan`. Safe when
 * several instances reap at once: rows are claimed FOR UPDATE SKIP LOCKED (a
 * run that is busy recording a step is not stuck), and the UPDATE keeps the
 * status guard, so each run is failed once. The statement runs with
 * `columnline.run_timed_out` set for its transaction only, so the run.failed
 * webhook events the status trigger writes say `timed_out: true` (migration 0008).
 */
export async function reapStuckRuns(
  handle: DbHandle,
  options: ReapStuckRunsOptions,
): Promise<ReapedRun[]> {
  const olderThan = parseDate(options.olderThan, "olderThan");
  const limit = parseLimit(options.limit, 1000, 10_000);
  const sources = sourcesFor("failed");
  const statusList = sql.join(
    sources.map((status) => sql`${status}`),
    sql`, `,
  );
  return withDomainErrors(async () => {
    const rows = await executorOf(handle).transaction(async (tx) => {
      await tx.execute(sql`SELECT set_config('columnline.run_timed_out', 'on', true)`);
      const reaped = await queryRows(
        tx,
        sql`
        WITH stuck AS (
          SELECT run_id, status, last_activity_at
            FROM v2_runs
           WHERE status IN (${statusList})
             AND last_activity_at < ${olderThan.toISOString()}::timestamptz
           ORDER BY last_activity_at
           LIMIT ${limit}
             FOR UPDATE SKIP LOCKED
        )
        UPDATE v2_runs AS r
           SET status = 'failed',
               completed_at = now(),
               error_message = format(
                 'Run timed out: no activity since %s (was %s)',
                 to_char(r.last_activity_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                 stuck.status),
               updated_at = now(),
               last_activity_at = now()
          FROM stuck
         WHERE r.run_id = stuck.run_id
           AND r.status IN (${statusList})
        RETURNING r.run_id, stuck.status AS previous_status, stuck.last_activity_at, r.error_message
      `,
      );
      // Within a caller's transaction the flag would outlive this statement: clear it.
      await tx.execute(sql`SELECT set_config('columnline.run_timed_out', '', true)`);
      return reaped;
    });
    return rows.map((row) => ({
      runId: readText(row.run_id),
      previousStatus: parseField(runStatusSchema, row.previous_status, "status"),
      lastActivityAt: readDate(row.last_activity_at),
      errorMessage: readText(row.error_message),
    }));
  });
}
