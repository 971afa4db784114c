/**
 * 2. Database fault: in the middle of the load, every connection of the service is
 * terminated (pg_terminate_backend), then PostgreSQL itself is restarted. Requests meanwhile
 * get 503 (never a 500, never a hang past the client's 10 s timeout), the service recovers
 * by itself, and once the clients have retried (steps are idempotent by step_id) the ledger
 * invariant of the load test holds.
 */
import { createDb, getRun } from "@columnline/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, newAdminKey, Service, sleep } from "../support/service";
import { checkLedger, expectLedgerIntact, prepareRuns } from "./support/ledger";
import { describeLoad, planRequests, runIdsFrom, runLoad } from "./support/load";
import {
  ensurePostgresRunning,
  restartPostgres,
  type ScratchDatabase,
  scratchDatabase,
  serverUrl,
  terminateConnections,
  watchPostgres,
  withDatabase,
} from "./support/postgres";

const CLIENTS = 50;
// The load of load.spec.ts (50 clients, 200 runs, 25% duplicates, 2% conflicts) with half
// its steps, so that the whole serial suite stays within its few minutes.
const RUNS = 200;
const STEPS = 10_000;
const CLIENT_TIMEOUT_MS = 10_000;

/**
 * What the db package makes of the driver's errors while the server goes away and comes back:
 * its own pool calls a repository function and ping() in a loop; each failure is counted by
 * its domain code and the driver's code (SQLSTATE or connection error) underneath.
 */
function observeDriverErrors(url: string, runId: string) {
  const seen: Record<string, number> = {};
  let running = true;
  const loop = (async () => {
    const db = await createDb({ databaseUrl: url, poolSize: 2 });
    try {
      while (running) {
        for (const call of [() => getRun(db, runId), () => db.ping()]) {
          try {
            await call();
          } catch (error) {
            const domain = error as { code?: string; details?: Record<string, unknown> };
            const driver = domain.details?.sqlstate ?? domain.details?.code ?? "?";
            const label = `${domain.code ?? (error as Error).name} ← ${String(driver)}`;
            seen[label] = (seen[label] ?? 0) + 1;
          }
        }
        await sleep(20);
      }
    } finally {
      await db.close();
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return seen;
    },
  };
}

describe.skipIf(!serverUrl)(
  "database fault: connections terminated, PostgreSQL restarted mid-load",
  () => {
    const adminKey = newAdminKey();
    let database: ScratchDatabase | undefined;
    let service: Service | undefined;

    beforeAll(async () => {
      database = await scratchDatabase();
      service = await Service.start({
        port: await freePort(),
        adminKey,
        databaseUrl: database.url,
      });
    });
    afterAll(async () => {
      try {
        await ensurePostgresRunning();
        await service?.stop();
      } finally {
        await database?.drop();
      }
    });

    it("answers 503 during the outage, recovers by itself within seconds, and loses nothing", async () => {
      if (!service || !database) throw new Error("not started");
      const url = service.url;
      const databaseName = database.name;
      const runIds = runIdsFrom(new Date(Date.UTC(2025, 3, 1, 8)), RUNS);
      const { writeKey } = await prepareRuns(url, adminKey, runIds);
      const plan = planRequests({
        runIds,
        steps: STEPS,
        duplicateShare: 0.25,
        conflictShare: 0.02,
        seed: 57_001,
      });

      const timeline: Record<string, number> = {};
      let terminated = 0;
      let terminating: Promise<void> | undefined;
      let restarting: Promise<void> | undefined;
      const observer = observeDriverErrors(database.url, runIds[0] ?? "");
      const faults = (acknowledged: number) => {
        if (acknowledged === Math.round(STEPS * 0.2) && !terminating) {
          timeline.terminate = Date.now();
          terminating = terminateConnections(databaseName).then((count) => {
            terminated = count;
          });
          terminating.catch(() => {}); // awaited (and thrown) after the load
        }
        if (acknowledged === Math.round(STEPS * 0.4) && !restarting) {
          timeline.restart = Date.now();
          const watch = watchPostgres();
          restarting = restartPostgres()
            .finally(() => watch.stop())
            .then(async () => {
              const restarted = Date.now();
              const { downAt, upAt } = await watch.stop();
              timeline.down = downAt ?? timeline.restart ?? restarted;
              timeline.back = upAt ?? restarted;
            });
          restarting.catch(() => {}); // awaited (and thrown) after the load
        }
      };

      // /readyz and /healthz while it happens: 200 or 503, never 500, never a hang.
      const probes: Record<string, number> = {};
      let probing = true;
      const probe = (async () => {
        while (probing) {
          for (const path of ["/readyz", "/healthz"]) {
            const status = await fetch(`${url}${path}`, {
              headers: { authorization: `Bearer ${adminKey}` },
              signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
            }).then(
              (response) => String(response.status),
              (error: Error) => error.name,
            );
            const label = `${path} ${status}`;
            probes[label] = (probes[label] ?? 0) + 1;
          }
          await sleep(100);
        }
      })();

      let report: Awaited<ReturnType<typeof runLoad>>;
      let driverErrors: Record<string, number> = {};
      try {
        report = await runLoad(plan, {
          url,
          key: writeKey,
          clients: CLIENTS,
          timeoutMs: CLIENT_TIMEOUT_MS,
          onProgress: faults,
        });
      } finally {
        probing = false;
        await probe;
        await terminating;
        await restarting;
        await ensurePostgresRunning();
        driverErrors = await observer.stop();
      }
      console.log(describeLoad("database fault", report));

      const { restart, down, back, terminate } = timeline;
      if (restart === undefined || terminate === undefined) {
        throw new Error("the faults did not happen during the load");
      }
      if (down === undefined || back === undefined) {
        throw new Error("pg_isready never saw the server go down and come back");
      }
      const firstOkAfterBack = report.okTimes.find((at) => at >= back);
      const duringRestart = report.unavailableTimes.filter((at) => at >= restart);
      const lastUnavailable = report.unavailableTimes.at(-1) ?? back;
      const figures = {
        terminatedConnections: terminated,
        unavailable503Total: report.unavailable503,
        unavailable503AfterTerminate: report.unavailableTimes.filter(
          (at) => at >= terminate && at < restart,
        ).length,
        unavailable503DuringRestart: duringRestart.length,
        // pg_isready failing → succeeding again.
        outageMs: back - down,
        // PostgreSQL accepting connections again → the service's first 2xx.
        recoveryMs: firstOkAfterBack === undefined ? null : firstOkAfterBack - back,
        last503AfterBackMs: lastUnavailable - back,
        probes,
        driverErrors,
      };
      console.log(`[database fault] ${JSON.stringify(figures)}`);

      // Not one 500, wrong answer or abandoned request; the outage was seen as 503s.
      expect(report.unexpected).toEqual([]);
      expect(report.aborted).toBe(0);
      expect(report.networkErrors).toBe(0);
      expect(duringRestart.length).toBeGreaterThan(0);
      expect(Object.keys(probes).filter((label) => !/ (200|503)$/.test(label))).toEqual([]);
      // Whatever the driver said (connection refused, 57P01, 57P03, CONNECTION_CLOSED, ...),
      // the db package called it UNAVAILABLE.
      expect(Object.keys(driverErrors).length).toBeGreaterThan(0);
      expect(Object.keys(driverErrors).filter((label) => !label.startsWith("UNAVAILABLE"))).toEqual(
        [],
      );
      // Recovered by itself, within seconds of the server being back.
      expect(figures.recoveryMs).not.toBeNull();
      // Seconds, not the 20 s of postgres.js's default backoff this guards against; the bound
      // is loose because CI's 2 cores may be shared (0.1–0.4 s is typical, docs/reliability.md).
      expect(figures.recoveryMs ?? Number.POSITIVE_INFINITY).toBeLessThan(10_000);
      expect(figures.last503AfterBackMs).toBeLessThan(10_000);

      // After the retries: every step once, every retry 200, every conflicting reuse 409.
      expect(report.created + report.recoveredReplays).toBe(STEPS);
      expect(report.replayed).toBe(report.duplicates);
      expect(report.rejected409).toBe(report.conflicts);
      const check = await withDatabase(database.url, (db) =>
        checkLedger(db, runIds, report.accepted),
      );
      expectLedgerIntact("database fault", check, STEPS);
    });
  },
);
