import { execFile } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Sql } from "postgres";
import { percentiles } from "../load/percentile";
import { STEP_RUNS_EPOCH } from "../steps/step-runs";

const run = promisify(execFile);

export interface PgbenchSpec {
  pgbenchPath: string;
  databaseUrl: string;
  clients: number;
  durationSec: number;
  warmupSec: number;
  runCount: number;
  workDir: string;
  /** 1: record_run_step per transaction; more: one record_run_steps call with that many steps. */
  stepsPerCall?: number;
}

export interface PgbenchResult {
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  transactions: number;
  failed: number;
  script: string;
}

// Any fixed 64-hex fingerprint: every step_id is new, so it is never compared.
const FINGERPRINT = "f".repeat(64);

/**
 * One transaction = one record_run_step call with the same six arguments the
 * baseline passes: a random running run (its ID rebuilt from its index) and a
 * step_id from a sequence, so no two calls collide.
 */
export function pgbenchScript(stepsPerCall = 1): string {
  const runId = (variable: string) =>
    `'RUN_' || to_char(timestamp '${STEP_RUNS_EPOCH}' + :${variable} * interval '1 second', 'YYYYMMDD_HH24MISS')`;
  if (stepsPerCall === 1) {
    return [
      "\\set r random(0, :runs - 1)",
      "SELECT * FROM record_run_step(",
      `  ${runId("r")},`,
      "  'pg-' || nextval('bench_step_seq'),",
      `  1000, 500, 0.0075, '${FINGERPRINT}');`,
      "",
    ].join("\n");
  }
  // record_run_steps with stepsPerCall elements: what PostgreSQL does for a grouped call.
  const indexes = Array.from({ length: stepsPerCall }, (_, index) => index);
  return [
    ...indexes.map((index) => `\\set r${index} random(0, :runs - 1)`),
    "SELECT * FROM record_run_steps(jsonb_build_array(",
    indexes
      .map(
        (index) =>
          `  jsonb_build_object('run_id', ${runId(`r${index}`)}, 'step_id', 'pg-' || nextval('bench_step_seq'), ` +
          `'input_tokens', 1000, 'output_tokens', 500, 'cost', '0.0075', 'request_fingerprint', '${FINGERPRINT}')`,
      )
      .join(",\n"),
    "));",
    "",
  ].join("\n");
}

function connectionArgs(databaseUrl: string): string[] {
  const url = new URL(databaseUrl);
  return [
    "-h",
    url.hostname,
    "-p",
    url.port || "5432",
    "-U",
    decodeURIComponent(url.username || "postgres"),
    url.pathname.slice(1),
  ];
}

/** pgbench at `clients` connections for a fixed time; latencies from its per-transaction log. */
export async function runPgbench(sql: Sql, spec: PgbenchSpec): Promise<PgbenchResult> {
  await sql`CREATE SEQUENCE IF NOT EXISTS bench_step_seq`;
  const stepsPerCall = spec.stepsPerCall ?? 1;
  const script = pgbenchScript(stepsPerCall);
  const scriptFile = join(spec.workDir, "record-step.pgbench.sql");
  await writeFile(scriptFile, script);
  const common = [
    "-n", // no vacuum of pgbench's own tables: there are none
    "-M",
    "prepared",
    "-c",
    String(spec.clients),
    "-j",
    "2",
    "-D",
    `runs=${spec.runCount}`,
    "-f",
    scriptFile,
  ];
  const conn = connectionArgs(spec.databaseUrl);
  if (spec.warmupSec > 0) {
    await run(spec.pgbenchPath, [...common, "-T", String(spec.warmupSec), ...conn]);
  }
  const logPrefix = join(spec.workDir, "pgbench_log");
  const { stdout } = await run(spec.pgbenchPath, [
    ...common,
    "-T",
    String(spec.durationSec),
    "-l",
    `--log-prefix=${logPrefix}`,
    ...conn,
  ]);
  const tps = /^tps = ([\d.]+) \(without initial connection time\)/m.exec(stdout);
  const processed = /number of transactions actually processed: (\d+)/.exec(stdout);
  const failed = /number of failed transactions: (\d+)/.exec(stdout);
  if (!tps?.[1] || !processed?.[1]) throw new Error(`unexpected pgbench output:\n${stdout}`);
  const latencies = await readLatenciesMs(spec.workDir);
  const [p50Ms = Number.NaN, p99Ms = Number.NaN] = percentiles(latencies, [0.5, 0.99]);
  return {
    // Steps per second, whatever a transaction carries.
    throughput: Number(tps[1]) * stepsPerCall,
    p50Ms,
    p99Ms,
    transactions: Number(processed[1]),
    failed: Number(failed?.[1] ?? 0),
    script,
  };
}

/** Per-transaction log lines: client_id transaction_no time_us script_no epoch epoch_us. */
async function readLatenciesMs(dir: string): Promise<number[]> {
  const files = (await readdir(dir)).filter((name) => name.startsWith("pgbench_log."));
  const latencies: number[] = [];
  for (const name of files) {
    for (const line of (await readFile(join(dir, name), "utf8")).split("\n")) {
      const micros = Number(line.split(" ")[2]);
      if (line && Number.isFinite(micros)) latencies.push(micros / 1000);
    }
  }
  return latencies;
}
