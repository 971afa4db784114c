import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Sql } from "postgres";
import { RUN_COLUMNS, runLine, STEP_COLUMNS, stepLines } from "./copy-lines";
import {
  CLIENT_COUNT,
  clientId,
  type SyntheticOptions,
  type SyntheticRun,
  syntheticRuns,
} from "./synthetic-runs";

export interface BulkLoadTimings {
  runsSec: number;
  stepsSec: number;
  verifySec: number;
  analyzeSec: number;
  /** rebuild_analytics_rollups() after the COPYs (their triggers off while loading). */
  rollupSec: number;
  runs: number;
  steps: number;
  /** Runs whose totals differ from their ledger's sums: must be 0. */
  inconsistentRuns: number;
  statusCounts: Record<string, number>;
}

/** Batches many runs' lines into one chunk, so the stream moves ~100 KB writes, not tiny ones. */
function* chunks(options: SyntheticOptions, format: (run: SyntheticRun) => string) {
  let chunk = "";
  for (const run of syntheticRuns(options)) {
    chunk += format(run);
    if (chunk.length > 128 * 1024) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

async function copyInto(
  sql: Sql,
  table: string,
  columns: readonly string[],
  source: Iterable<string>,
) {
  const writable =
    await sql`COPY ${sql(table)} (${sql(columns as string[])}) FROM STDIN`.writable();
  await pipeline(Readable.from(source), writable);
}

const seconds = (since: number) => (performance.now() - since) / 1000;

/**
 * Empties the run tables and streams the synthetic data set in with COPY:
 * the runs first (their totals already the sums of their steps), then the
 * steps; checks every run's totals against its ledger, then VACUUM ANALYZE.
 */
export async function bulkLoad(sql: Sql, options: SyntheticOptions): Promise<BulkLoadTimings> {
  await sql`TRUNCATE v2_run_steps, v2_runs, v2_step_rollups, v2_run_rollups, v2_run_rollup_deltas`;
  const clients = Array.from({ length: CLIENT_COUNT }, (_, index) => ({
    client_id: clientId(index),
    name: `Bench client ${index + 1}`,
  }));
  await sql`INSERT INTO v2_clients ${sql(clients)} ON CONFLICT (client_id) DO NOTHING`;

  // The run trigger would append a rollup delta per run: off while loading, then one rebuild
  // (the same sums as the folds: tests check rebuild == folds == ledger).
  await sql`ALTER TABLE v2_runs DISABLE TRIGGER USER`;
  await sql`ALTER TABLE v2_run_steps DISABLE TRIGGER USER`;
  let started = performance.now();
  await copyInto(sql, "v2_runs", RUN_COLUMNS, chunks(options, runLine));
  const runsSec = seconds(started);

  started = performance.now();
  await copyInto(sql, "v2_run_steps", STEP_COLUMNS, chunks(options, stepLines));
  const stepsSec = seconds(started);
  await sql`ALTER TABLE v2_runs ENABLE TRIGGER USER`;
  await sql`ALTER TABLE v2_run_steps ENABLE TRIGGER USER`;

  started = performance.now();
  await sql`SELECT rebuild_analytics_rollups()`;
  const rollupSec = seconds(started);

  started = performance.now();
  const [check] = await sql<{ runs: string; steps: string; inconsistent: string }[]>`
    SELECT (SELECT count(*) FROM v2_runs) AS runs,
           (SELECT count(*) FROM v2_run_steps) AS steps,
           (SELECT count(*)
              FROM v2_runs AS r
              LEFT JOIN (SELECT run_id, sum(tokens) AS tokens, sum(cost) AS cost
                           FROM v2_run_steps GROUP BY run_id) AS s USING (run_id)
             WHERE r.total_tokens <> coalesce(s.tokens, 0)
                OR r.total_cost_exact <> coalesce(s.cost, 0)
                OR r.total_cost <> round(coalesce(s.cost, 0), 4)) AS inconsistent
  `;
  const statusRows = await sql<{ status: string; count: string }[]>`
    SELECT status, count(*) FROM v2_runs GROUP BY status ORDER BY status
  `;
  const verifySec = seconds(started);

  started = performance.now();
  await sql`VACUUM (ANALYZE) v2_runs, v2_run_steps, v2_step_rollups, v2_run_rollups`;
  const analyzeSec = seconds(started);

  return {
    runsSec,
    stepsSec,
    verifySec,
    analyzeSec,
    rollupSec,
    runs: Number(check?.runs),
    steps: Number(check?.steps),
    inconsistentRuns: Number(check?.inconsistent),
    statusCounts: Object.fromEntries(statusRows.map((row) => [row.status, Number(row.count)])),
  };
}
