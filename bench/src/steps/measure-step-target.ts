import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Sql } from "postgres";
import type { BenchConfig } from "../config";
import type { LoadResult } from "../load/load-spec";
import { runLoad } from "../load/run-load";
import { runPgbench } from "../pgbench/run-pgbench";
import { freePort } from "../processes/free-port";
import { type ServerProcess, startServer } from "../processes/server-process";
import { type ProfileSummary, summarizeCpuProfile } from "../profile/cpu-profile";
import { createFixturesViaApi } from "./api-fixtures";
import { resetStepTables } from "./reset-step-tables";
import type { StepTarget } from "./step-targets";

export interface StepContext {
  config: BenchConfig;
  workDir: string;
  sql: Sql;
  databaseUrl: string;
  runIds: string[];
  /** A runs:write key stored in the bench database. */
  storedKey: string;
  adminKey: string;
  bundles: { api: string; baseline: string };
}

export interface StepMeasurement {
  target: StepTarget;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  /** The server process's VmHWM after the load; null for pgbench (the server is PostgreSQL). */
  peakRssMB: number | null;
  /** Steps per step statement over the server's life (its "stopped" log line); null if none. */
  stepsPerStatement: number | null;
  /** Non-2xx responses, connection errors and failed transactions. */
  failures: number;
  detail: string;
  profile?: ProfileSummary;
}

function serverArgs(target: StepTarget, ctx: StepContext, profileDir: string) {
  const profile = target.cpuProfile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  if (target.kind === "baseline") return { cwd: ctx.workDir, nodeArgs: [ctx.bundles.baseline] };
  if (target.runner === "tsx") {
    return { cwd: ctx.config.apiDir, nodeArgs: [...profile, "--import", "tsx", "src/main.ts"] };
  }
  return { cwd: ctx.workDir, nodeArgs: [...profile, ctx.bundles.api] };
}

async function startTargetServer(target: StepTarget, ctx: StepContext, dir: string) {
  const port = await freePort();
  const engineEnv =
    target.engine === "postgres"
      ? { DATABASE_URL: ctx.databaseUrl }
      : { DATA_DIR: join(dir, "pglite") };
  const { DATABASE_URL: _inherited, ...inheritedEnv } = process.env;
  return startServer({
    label: target.id,
    ...serverArgs(target, ctx, dir),
    env: {
      ...inheritedEnv,
      ...engineEnv,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      ADMIN_API_KEY: ctx.adminKey,
      LOG_LEVEL: "info",
      ...target.env,
    },
    port,
    logFile: join(dir, "server.log"),
    readyTimeoutMs: 120_000,
  });
}

async function keyFor(target: StepTarget, ctx: StepContext, server: ServerProcess) {
  if (target.key === "admin") return ctx.adminKey;
  // PGlite lives inside the API process: its fixtures go through the API.
  if (target.engine === "pglite") return createFixturesViaApi(server.url, ctx.adminKey, ctx.runIds);
  return ctx.storedKey;
}

function describe(load: LoadResult): string {
  const codes = Object.entries(load.statusCounts)
    .map(([code, count]) => `${code}×${count}`)
    .join(" ");
  return `${load.ok} ok in ${load.durationSec.toFixed(1)} s; status ${codes}; errors ${load.errors}`;
}

/** From the API's last "stopped" log line in `logFile` (the file gathers every round). */
async function stepsPerStatement(logFile: string): Promise<number | null> {
  const lines = (await readFile(logFile, "utf8")).split("\n").reverse();
  for (const line of lines) {
    if (!line.includes('"stopped"')) continue;
    const { stepStatements, steps } = JSON.parse(line) as {
      stepStatements?: number;
      steps?: number;
    };
    return stepStatements && steps ? steps / stepStatements : null;
  }
  return null;
}

/** Measures one target from a clean slate: fresh runs, its own server process, its own driver. */
export async function measureStepTarget(
  target: StepTarget,
  ctx: StepContext,
): Promise<StepMeasurement> {
  const dir = join(ctx.workDir, target.id);
  await mkdir(dir, { recursive: true });
  await resetStepTables(ctx.sql, ctx.runIds);
  const { config } = ctx;

  if (target.kind === "pgbench") {
    const result = await runPgbench(ctx.sql, {
      pgbenchPath: config.pgbenchPath,
      databaseUrl: ctx.databaseUrl,
      clients: config.connections,
      durationSec: config.durationSec,
      warmupSec: config.warmupSec,
      runCount: ctx.runIds.length,
      workDir: dir,
      stepsPerCall: target.stepsPerCall,
    });
    return {
      target,
      throughput: result.throughput,
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      peakRssMB: null,
      stepsPerStatement: null,
      failures: result.failed,
      detail: `${result.transactions} transactions, ${result.failed} failed`,
    };
  }

  const server = await startTargetServer(target, ctx, dir);
  let load: LoadResult;
  let peakRssMB: number | null;
  try {
    const apiKey = await keyFor(target, ctx, server);
    load = await runLoad({
      url: server.url,
      surface: target.surface,
      connections: config.connections,
      durationSec: config.durationSec,
      warmupSec: config.warmupSec,
      runIds: ctx.runIds,
      apiKey,
      stepPrefix: target.id,
    });
    peakRssMB = await server.peakRssMB();
  } finally {
    await server.stop();
  }
  const measurement: StepMeasurement = {
    target,
    throughput: load.throughput,
    p50Ms: load.p50Ms,
    p99Ms: load.p99Ms,
    peakRssMB,
    stepsPerStatement: await stepsPerStatement(join(dir, "server.log")),
    failures: load.non2xx + load.errors,
    detail: describe(load),
  };
  if (target.cpuProfile) {
    const file = (await readdir(dir)).find((name) => name.endsWith(".cpuprofile"));
    if (file) measurement.profile = await summarizeCpuProfile(join(dir, file), config.durationSec);
  }
  return measurement;
}
