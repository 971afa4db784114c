/**
 * 3. Process crash: the service is SIGKILLed in the middle of the load and started again;
 * the clients retry what got no answer, and the ledger invariant holds. On PostgreSQL, and
 * on the embedded engine, where the data directory must open again after the crash (its
 * migrations a no-op) with every step acknowledged before the kill still there.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createDb } from "@columnline/db";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, newAdminKey, Service, type ServiceOptions } from "../support/service";
import { checkLedger, expectLedgerIntact, prepareRuns, queryRows } from "./support/ledger";
import {
  type AcceptedStepMap,
  describeLoad,
  type LoadReport,
  planRequests,
  runIdsFrom,
  runLoad,
} from "./support/load";
import { type ScratchDatabase, scratchDatabase, serverUrl, withDatabase } from "./support/postgres";

const MIGRATIONS_JOURNAL = resolve(
  import.meta.dirname,
  "../../../../packages/db/migrations/meta/_journal.json",
);

interface CrashRun {
  report: LoadReport;
  /** The steps acknowledged (2xx) before the SIGKILL. */
  acknowledgedBeforeKill: AcceptedStepMap;
  killedAt: number;
  /** From the SIGKILL to /healthz answering again. */
  downMs: number;
  /** From the restarted service answering /healthz to the first 2xx of the load. */
  firstOkAfterRestartMs: number | null;
  restarted: Service;
}

/**
 * Runs the load against a service started with `options`, SIGKILLs it once `killAt` originals
 * are acknowledged, and starts it again on the same port and data.
 */
async function loadWithCrash(
  options: ServiceOptions & { adminKey: string },
  runIds: string[],
  steps: number,
  clients: number,
  killAt: number,
  started: Service[],
): Promise<CrashRun> {
  const first = await Service.start(options);
  started.push(first);
  const { writeKey } = await prepareRuns(first.url, options.adminKey, runIds);
  const plan = planRequests({
    runIds,
    steps,
    duplicateShare: 0.25,
    conflictShare: 0.02,
    seed: 9_009,
  });
  let crash: Promise<void> | undefined;
  let acknowledgedBeforeKill: AcceptedStepMap = new Map();
  let killedAt = 0;
  let upAt = 0;
  let restarted: Service | undefined;
  const report = await runLoad(plan, {
    url: first.url,
    key: writeKey,
    clients,
    timeoutMs: 10_000,
    onProgress: (acknowledged, progress) => {
      if (acknowledged !== killAt || crash) return;
      first.child.kill("SIGKILL");
      killedAt = Date.now();
      acknowledgedBeforeKill = new Map(progress.accepted);
      crash = (async () => {
        await first.exited;
        restarted = await Service.start(options);
        started.push(restarted);
        upAt = Date.now();
      })();
      // Awaited after the load; until then a failed restart must not count as unhandled.
      crash.catch(() => {});
    },
  });
  await crash;
  if (!restarted) throw new Error("the service was not killed during the load");
  const firstOk = report.okTimes.find((at) => at >= upAt);
  return {
    report,
    acknowledgedBeforeKill,
    killedAt,
    downMs: upAt - killedAt,
    firstOkAfterRestartMs: firstOk === undefined ? null : firstOk - upAt,
    restarted,
  };
}

function expectCrashSurvived(label: string, crash: CrashRun, steps: number): void {
  const { report } = crash;
  console.log(describeLoad(label, report));
  console.log(
    `[${label}] SIGKILL after ${crash.acknowledgedBeforeKill.size} acknowledged steps; ` +
      `down ${crash.downMs} ms (kill → /healthz); first 2xx ${crash.firstOkAfterRestartMs} ms after restart; ` +
      `requests with no answer ${report.networkErrors}, recorded before the crash cut their answer ${report.recoveredReplays}`,
  );
  expect(report.unexpected).toEqual([]);
  expect(report.aborted).toBe(0);
  expect(report.networkErrors).toBeGreaterThan(0);
  expect(report.created + report.recoveredReplays).toBe(steps);
  expect(report.replayed).toBe(report.duplicates);
  expect(report.rejected409).toBe(report.conflicts);
  for (const key of crash.acknowledgedBeforeKill.keys())
    expect(report.accepted.has(key)).toBe(true);
}

describe("process crash: SIGKILL mid-load, restart, retry", () => {
  const started: Service[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const service of started) await service.kill();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it.skipIf(!serverUrl)("on PostgreSQL: every step once, totals equal to the ledger", async () => {
    const database: ScratchDatabase = await scratchDatabase();
    cleanups.push(() => database.drop());
    // The load of load.spec.ts with half its steps, to keep the serial suite within minutes.
    const runIds = runIdsFrom(new Date(Date.UTC(2025, 4, 1, 8)), 200);
    const steps = 10_000;
    const crash = await loadWithCrash(
      { port: await freePort(), adminKey: newAdminKey(), databaseUrl: database.url },
      runIds,
      steps,
      50,
      Math.round(steps * 0.4),
      started,
    );
    expectCrashSurvived("crash, postgres", crash, steps);
    await crash.restarted.stop();
    const check = await withDatabase(database.url, (db) =>
      checkLedger(db, runIds, crash.report.accepted),
    );
    expectLedgerIntact("crash, postgres", check, steps);
  });

  it("on PGlite: the data directory opens again, migrations are a no-op, acknowledged steps are all there", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "columnline-crash-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    // Scaled down: the embedded engine serves about a quarter of PostgreSQL's rate here.
    const runIds = runIdsFrom(new Date(Date.UTC(2025, 5, 1, 8)), 40);
    const steps = 2_000;
    const crash = await loadWithCrash(
      { port: await freePort(), adminKey: newAdminKey(), dataDir },
      runIds,
      steps,
      50,
      Math.round(steps * 0.4),
      started,
    );
    expectCrashSurvived("crash, pglite", crash, steps);
    // The restart opened the crashed directory and served; a clean stop exits 0.
    expect(await crash.restarted.stop()).toEqual({ code: 0, signal: null });

    const db = await createDb({ dataDir });
    try {
      // Every committed migration applied exactly once: the restarts re-applied nothing.
      const journal = JSON.parse(await readFile(MIGRATIONS_JOURNAL, "utf8")) as {
        entries: unknown[];
      };
      const migrations = await queryRows(
        db,
        "SELECT count(*)::int AS applied, count(DISTINCT hash)::int AS distinct_hashes FROM drizzle.__drizzle_migrations",
      );
      expect(migrations).toEqual([
        { applied: journal.entries.length, distinct_hashes: journal.entries.length },
      ]);
      const check = await checkLedger(db, runIds, crash.report.accepted);
      expectLedgerIntact("crash, pglite", check, steps);
      const beforeKill = await checkLedger(db, runIds, crash.acknowledgedBeforeKill);
      expect(beforeKill.missingOrDifferent).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
