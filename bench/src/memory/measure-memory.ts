import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "../processes/free-port";
import { readProcMemoryMB } from "../processes/proc-memory";
import { startServer } from "../processes/server-process";
import type { StepContext } from "../steps/measure-step-target";
import { resetStepTables } from "../steps/reset-step-tables";
import { MEMORY_SCENARIOS, type MemoryScenario } from "./memory-scenarios";
import { createRunViaApi, recordSteps } from "./record-steps";

export const MEMORY_STEPS = 1_000;
export const MEMORY_CONCURRENCY = 4;
/** How long the service sits idle after start, and after the steps, before RSS is read. */
export const IDLE_MS = 5_000;
export const SETTLE_MS = 2_000;

export interface MemoryMeasurement {
  scenario: MemoryScenario;
  /** From spawn to the first 200 of /healthz (migrations included). */
  startMs: number;
  /** VmHWM when /healthz first answers: the peak of the start. */
  startPeakMB: number | null;
  idleMB: number | null;
  afterStepsMB: number | null;
  /** VmHWM at the end: the peak over start, idle and steps. */
  peakMB: number | null;
  stepsPerSec: number;
}

async function measureScenario(
  scenario: MemoryScenario,
  ctx: StepContext,
  dataDir: string,
): Promise<MemoryMeasurement> {
  const dir = join(ctx.workDir, "memory", scenario.id);
  await mkdir(dir, { recursive: true });
  if (scenario.engine === "postgres") await resetStepTables(ctx.sql, ctx.runIds);
  const port = await freePort();
  const { DATABASE_URL: _inherited, ...inheritedEnv } = process.env;
  const startedAt = performance.now();
  const server = await startServer({
    label: scenario.id,
    cwd: ctx.workDir,
    nodeArgs: [ctx.bundles.api],
    env: {
      ...inheritedEnv,
      ...(scenario.engine === "postgres"
        ? { DATABASE_URL: ctx.databaseUrl }
        : { DATA_DIR: dataDir }),
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      ADMIN_API_KEY: ctx.adminKey,
      LOG_LEVEL: "info",
    },
    port,
    logFile: join(dir, "server.log"),
    readyTimeoutMs: 120_000,
    pollMs: 20,
  });
  const startMs = performance.now() - startedAt;
  try {
    const startPeakMB = await server.peakRssMB();
    await sleep(IDLE_MS);
    const idleMB = await readProcMemoryMB(server.pid, "VmRSS");
    const runId = ctx.runIds[scenario.runIndex] ?? "";
    if (scenario.engine === "pglite") await createRunViaApi(server.url, ctx.adminKey, runId);
    const stepsPerSec = await recordSteps({
      baseUrl: server.url,
      key: ctx.adminKey,
      runId,
      stepPrefix: `memory-${scenario.id}`,
      count: MEMORY_STEPS,
      concurrency: MEMORY_CONCURRENCY,
    });
    await sleep(SETTLE_MS);
    return {
      scenario,
      startMs,
      startPeakMB,
      idleMB,
      afterStepsMB: await readProcMemoryMB(server.pid, "VmRSS"),
      peakMB: await server.peakRssMB(),
      stepsPerSec,
    };
  } finally {
    await server.stop();
  }
}

/**
 * The service's resident memory on each engine: the peak of its start, idle, and after
 * 1,000 steps. PGlite starts twice on one folder: new (first start), then existing.
 */
export async function measureMemory(
  ctx: StepContext,
  progress: (message: string) => void,
): Promise<MemoryMeasurement[]> {
  const dataDir = join(ctx.workDir, "memory", "pglite-data");
  const measurements: MemoryMeasurement[] = [];
  for (const scenario of MEMORY_SCENARIOS) {
    progress(`memory: ${scenario.label}`);
    const measurement = await measureScenario(scenario, ctx, dataDir);
    progress(
      `  start ${measurement.startMs.toFixed(0)} ms, start peak ${measurement.startPeakMB?.toFixed(0)} MB, ` +
        `idle ${measurement.idleMB?.toFixed(0)} MB, after ${MEMORY_STEPS} steps ${measurement.afterStepsMB?.toFixed(0)} MB`,
    );
    measurements.push(measurement);
  }
  return measurements;
}
