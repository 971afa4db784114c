/**
 * `pnpm bench`: step recording (pgbench limit, bare baseline, REST, tRPC,
 * diagnostics, a CPU profile, PGlite) and the service's memory on each engine, in one go.
 * Prints the tables and writes bench/results/latest.md. Analytics at scale are
 * `pnpm bench:analytics` (analytics-main.ts), written to their own file.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiKey, createDb } from "@columnline/db";
import postgres from "postgres";
import { createBenchDatabase } from "./bench-database";
import { benchDir, loadBenchConfig } from "./config";
import { describeMachine } from "./machine-info";
import { type MemoryMeasurement, measureMemory } from "./memory/measure-memory";
import { bundleEntry } from "./processes/bundle";
import { keptNotesOf, resultsDocument } from "./report/results-document";
import { stepTable } from "./report/step-table";
import {
  measureStepTarget,
  type StepContext,
  type StepMeasurement,
} from "./steps/measure-step-target";
import { stepRunIds } from "./steps/step-runs";
import { summarizeTarget } from "./steps/step-summary";
import {
  BASELINE,
  DIAGNOSTICS,
  EMBEDDED,
  LIMIT,
  LIMIT_GROUPED,
  OURS,
  PROFILED,
  type StepTarget,
} from "./steps/step-targets";

const config = loadBenchConfig();
const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const resultsFile = join(benchDir, "results", "latest.md");

const enabled = (phases: [string, StepTarget[]][]) =>
  phases.filter(([name]) => !config.skip.has(name)).flatMap(([, targets]) => targets);

/** Measured every round, in this order (every other round in reverse). */
const repeatedTargets = enabled([
  ["pgbench", [LIMIT, LIMIT_GROUPED]],
  ["baseline", [BASELINE]],
  ["api", OURS],
  ["diagnostics", DIAGNOSTICS],
]);
/** Measured once, after the rounds: the profiler slows its run; PGlite is in a class of its own. */
const onceTargets = enabled([
  ["profile", [PROFILED]],
  ["pglite", [EMBEDDED]],
]);

const workDir = await mkdtemp(join(tmpdir(), "cl-bench-"));
progress(`work dir ${workDir}`);
const database = await createBenchDatabase(config.adminUrl);
progress(`database ${database.name} created and migrated`);
const sql = postgres(database.url, { max: 2, onnotice: () => {} });
// Ctrl-C skips `finally`: still drop the benchmark database (servers get the signal themselves).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    progress(`${signal}: dropping ${database.name}`);
    void database.drop().finally(() => process.exit(130));
  });
}
try {
  const machine = await describeMachine(sql, config.pgbenchPath, config.apiDir);
  const bundles = {
    api: await bundleEntry(join(config.apiDir, "src/main.ts"), workDir, "api"),
    baseline: await bundleEntry(
      join(benchDir, "src/servers/baseline-server.ts"),
      workDir,
      "baseline",
    ),
  };
  const db = await createDb({ databaseUrl: database.url });
  const { key: storedKey } = await createApiKey(db, {
    name: "bench writer",
    scopes: ["runs:write"],
  });
  await db.close();
  const context: StepContext = {
    config,
    workDir,
    sql,
    databaseUrl: database.url,
    runIds: stepRunIds(config.stepRuns),
    storedKey,
    adminKey: `bench_admin_${randomBytes(16).toString("hex")}`,
    bundles,
  };

  const measured = new Map<StepTarget, StepMeasurement[]>();
  const measure = async (target: StepTarget, round: string) => {
    progress(`${round} ${target.label}`);
    const measurement = await measureStepTarget(target, context);
    progress(
      `  ${measurement.throughput.toFixed(0)} req/s, p50 ${measurement.p50Ms.toFixed(2)} ms, ` +
        `p99 ${measurement.p99Ms.toFixed(2)} ms; ${measurement.detail}`,
    );
    measured.set(target, [...(measured.get(target) ?? []), measurement]);
  };
  for (let round = 1; round <= config.rounds; round++) {
    // Every other round runs backwards, so a machine that speeds up or slows down over a round
    // does not always favour the same targets.
    const order = round % 2 === 1 ? repeatedTargets : [...repeatedTargets].reverse();
    for (const target of order) await measure(target, `round ${round}/${config.rounds}:`);
  }
  for (const target of onceTargets) await measure(target, "once:");
  const limitRounds = measured.get(LIMIT) ?? [];
  const baselineRounds = measured.get(BASELINE) ?? [];
  const steps = [...measured].map(([target, rounds]) =>
    summarizeTarget(target, rounds, limitRounds, baselineRounds),
  );

  const memory: MemoryMeasurement[] | null = config.skip.has("memory")
    ? null
    : await measureMemory(context, progress);

  const document = resultsDocument({
    config,
    machine,
    steps,
    memory,
    keptNotes: await keptNotesOf(resultsFile),
  });
  await writeFile(resultsFile, document);
  process.stdout.write(`\n${stepTable(steps)}\n\n`);
  progress(`full results in ${resultsFile}`);
} finally {
  await sql.end({ timeout: 5 });
  await database.drop();
  if (!config.keepWorkDir) await rm(workDir, { recursive: true, force: true });
}
