/**
 * `pnpm bench:analytics`: the seed's analytics queries, the dashboard's and the runs page's
 * at each BENCH_SIZES data set (each in its own fresh database, smallest first), and how
 * their times grow with the data. Writes bench/results/analytics.md.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { runAnalyticsBench } from "./analytics/analytics-bench";
import { createBenchDatabase } from "./bench-database";
import { benchDir, loadBenchConfig } from "./config";
import { describeMachine } from "./machine-info";
import { bundleEntry } from "./processes/bundle";
import { analyticsDocument, type SizedResult } from "./report/analytics-document";
import { keptNotesOf } from "./report/results-document";

const config = loadBenchConfig();
const progress = (message: string) => process.stderr.write(`[bench:analytics] ${message}\n`);
const resultsFile = join(benchDir, "results", "analytics.md");

const workDir = await mkdtemp(join(tmpdir(), "cl-bench-analytics-"));
const admin = postgres(config.adminUrl, { max: 1, onnotice: () => {} });
let dropCurrent: (() => Promise<void>) | null = null;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    progress(`${signal}: dropping the benchmark database`);
    void (dropCurrent?.() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}
try {
  const machine = await describeMachine(admin, config.pgbenchPath, config.apiDir);
  const bundles = {
    api: await bundleEntry(join(config.apiDir, "src/main.ts"), workDir, "api"),
    baseline: await bundleEntry(
      join(benchDir, "src/servers/baseline-server.ts"),
      workDir,
      "baseline",
    ),
  };
  const results: SizedResult[] = [];
  for (const size of config.analyticsSizes) {
    const database = await createBenchDatabase(config.adminUrl);
    dropCurrent = () => database.drop();
    progress(`${database.name}: loading ${size.runs} runs and ${size.steps} steps with COPY`);
    const sql = postgres(database.url, { max: 2, onnotice: () => {} });
    try {
      const result = await runAnalyticsBench({
        size,
        sql,
        databaseUrl: database.url,
        adminKey: `bench_admin_${randomBytes(16).toString("hex")}`,
        workDir,
        apiBundle: bundles.api,
        baselineBundle: bundles.baseline,
      });
      results.push({ size, result });
      const slowest = Math.max(...result.overview.map((row) => row.api.medianMs));
      progress(`  done: slowest overview query ${slowest.toFixed(1)} ms`);
    } finally {
      await sql.end({ timeout: 5 });
      await database.drop();
      dropCurrent = null;
    }
  }
  await writeFile(
    resultsFile,
    analyticsDocument({ machine, results, keptNotes: await keptNotesOf(resultsFile) }),
  );
  progress(`results in ${resultsFile}`);
} finally {
  await admin.end({ timeout: 5 });
  if (!config.keepWorkDir) await rm(workDir, { recursive: true, force: true });
}
