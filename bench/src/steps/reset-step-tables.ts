import type { Sql } from "postgres";
import { BENCH_CLIENT_ID } from "./step-runs";

/**
 * Empties the ledger and the runs and recreates `runIds` as running runs, so
 * every target starts from the same table sizes; then VACUUM and CHECKPOINT so
 * no target pays for the previous one's dead rows or dirty pages.
 */
export async function resetStepTables(sql: Sql, runIds: readonly string[]): Promise<void> {
  await sql`TRUNCATE v2_run_steps, v2_runs, v2_step_rollups, v2_run_rollups, v2_run_rollup_deltas`;
  await sql`
    INSERT INTO v2_clients (client_id, name) VALUES (${BENCH_CLIENT_ID}, 'Bench client')
    ON CONFLICT (client_id) DO NOTHING
  `;
  await sql`
    INSERT INTO v2_runs (run_id, client_id, status, started_at, triggered_by)
    SELECT id, ${BENCH_CLIENT_ID}, 'running', now(), 'api' FROM unnest(${sql.array([...runIds])}::text[]) AS id
  `;
  await sql`VACUUM ANALYZE v2_runs, v2_run_steps`;
  await sql`CHECKPOINT`;
}
