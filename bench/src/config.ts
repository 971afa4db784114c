import { fileURLToPath } from "node:url";

/** Every knob of `pnpm bench`, read once from the environment. */
export interface BenchConfig {
  /** A server database to connect to for CREATE/DROP DATABASE (never benchmarked itself). */
  adminUrl: string;
  pgbenchPath: string;
  /** Rounds over the step-recording targets, taken in turn so drift hits them alike. */
  rounds: number;
  /** Seconds of measured load per step-recording target and round. */
  durationSec: number;
  /** Seconds of unmeasured load before each measurement (JIT, caches, pool). */
  warmupSec: number;
  connections: number;
  /** Running runs the step-recording load is spread over. */
  stepRuns: number;
  /** `pnpm bench:analytics`'s data sets, smallest first: runs and steps bulk-loaded with COPY. */
  analyticsSizes: AnalyticsSize[];
  /** The API package to benchmark: point it at a patched copy to measure a fix. */
  apiDir: string;
  skip: ReadonlySet<string>;
  /** Keep the temp dir (logs, bundles, CPU profiles) instead of deleting it. */
  keepWorkDir: boolean;
}

export interface AnalyticsSize {
  runs: number;
  steps: number;
}

export const benchDir = fileURLToPath(new URL("..", import.meta.url));
export const repoDir = fileURLToPath(new URL("../..", import.meta.url));

/** Phases that BENCH_SKIP may name, comma-separated. */
export const SKIPPABLE = [
  "pgbench",
  "baseline",
  "api",
  "diagnostics",
  "profile",
  "pglite",
  "memory",
];

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text.replaceAll("_", ""));
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** BENCH_SIZES: comma-separated `runs:steps` (underscores allowed), at least one. */
function analyticsSizes(text: string | undefined): AnalyticsSize[] {
  if (text === undefined || text === "") {
    return [
      { runs: 200_000, steps: 1_000_000 },
      { runs: 1_000_000, steps: 5_000_000 },
    ];
  }
  const sizes = text.split(",").map((pair) => {
    const [runs, steps, extra] = pair.split(":");
    const size = {
      runs: Number(runs?.replaceAll("_", "")),
      steps: Number(steps?.replaceAll("_", "")),
    };
    if (
      extra !== undefined ||
      !Number.isInteger(size.runs) ||
      !Number.isInteger(size.steps) ||
      size.runs <= 0 ||
      size.steps <= 0
    ) {
      throw new Error(
        `BENCH_SIZES: each size is runs:steps (positive integers), got ${JSON.stringify(pair)}`,
      );
    }
    return size;
  });
  return sizes.sort((a, b) => a.runs - b.runs || a.steps - b.steps);
}

export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const skip = new Set(
    (env.BENCH_SKIP ?? "")
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean),
  );
  for (const name of skip) {
    if (!SKIPPABLE.includes(name)) {
      throw new Error(`BENCH_SKIP: unknown phase ${name}; known: ${SKIPPABLE.join(", ")}`);
    }
  }
  const stepRuns = positiveInt(env, "BENCH_STEP_RUNS", 200);
  // Step-load run IDs are one second apart within one day (see steps/step-runs.ts).
  if (stepRuns > 86_400) throw new Error("BENCH_STEP_RUNS must be at most 86400");
  return {
    adminUrl:
      env.BENCH_DATABASE_URL ?? env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    pgbenchPath: env.PGBENCH ?? "/usr/lib/postgresql/15/bin/pgbench",
    rounds: positiveInt(env, "BENCH_ROUNDS", 3),
    durationSec: positiveInt(env, "BENCH_DURATION", 10),
    warmupSec: positiveInt(env, "BENCH_WARMUP", 3),
    connections: positiveInt(env, "BENCH_CONNECTIONS", 16),
    stepRuns,
    analyticsSizes: analyticsSizes(env.BENCH_SIZES),
    apiDir: env.BENCH_API_DIR ?? `${repoDir}apps/api`,
    skip,
    keepWorkDir: env.BENCH_KEEP === "1",
  };
}
