/**
 * 1. Load: 50 concurrent clients record 20,000 steps over 200 runs through REST and tRPC;
 * a quarter of the requests are retried duplicates, 2% reuse a step_id with another body.
 * Afterwards every run's totals equal its ledger's exact sums, every acknowledged step is
 * there once, and every conflicting reuse got 409. The service is the real process over a
 * fresh PostgreSQL database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, newAdminKey, Service } from "../support/service";
import { checkLedger, expectLedgerIntact, prepareRuns, restCall } from "./support/ledger";
import { describeLoad, planRequests, runIdsFrom, runLoad } from "./support/load";
import { type ScratchDatabase, scratchDatabase, serverUrl, withDatabase } from "./support/postgres";

const CLIENTS = 50;
const RUNS = 200;
const STEPS = 20_000;

describe.skipIf(!serverUrl)("load: 50 clients, 20,000 steps over 200 runs, REST and tRPC", () => {
  const adminKey = newAdminKey();
  let database: ScratchDatabase | undefined;
  let service: Service | undefined;

  beforeAll(async () => {
    database = await scratchDatabase();
    service = await Service.start({ port: await freePort(), adminKey, databaseUrl: database.url });
  });
  afterAll(async () => {
    try {
      await service?.stop();
    } finally {
      await database?.drop();
    }
  });

  it("records each step once, answers every retry 200 and every conflicting reuse 409, and keeps totals equal to the ledger", async () => {
    if (!service || !database) throw new Error("not started");
    const runIds = runIdsFrom(new Date(Date.UTC(2025, 2, 1, 8)), RUNS);
    const { writeKey } = await prepareRuns(service.url, adminKey, runIds);
    const plan = planRequests({
      runIds,
      steps: STEPS,
      duplicateShare: 0.25,
      conflictShare: 0.02,
      seed: 20_260_115,
    });
    const report = await runLoad(plan, {
      url: service.url,
      key: writeKey,
      clients: CLIENTS,
      timeoutMs: 10_000,
    });
    console.log(describeLoad("load", report));

    expect(report.unexpected).toEqual([]);
    expect(report.aborted).toBe(0);
    expect(report.unavailable503).toBe(0);
    expect(report.networkErrors).toBe(0);
    expect(report.originals).toBe(STEPS);
    expect(report.created).toBe(STEPS);
    expect(report.replayed).toBe(report.duplicates);
    expect(report.rejected409).toBe(report.conflicts);
    expect(report.duplicates / report.requests).toBeCloseTo(0.25, 3);
    expect(report.conflicts / report.requests).toBeCloseTo(0.02, 3);
    for (const surface of ["rest", "trpc"] as const) {
      expect(report.bySurface[surface] / report.requests).toBeGreaterThan(0.45);
    }

    const check = await withDatabase(database.url, (db) =>
      checkLedger(db, runIds, report.accepted),
    );
    expectLedgerIntact("load", check, STEPS);
    expect(check.runs).toBe(RUNS);

    // What the API answers agrees with the ledger too.
    for (const runId of [runIds[0], runIds[RUNS - 1]] as string[]) {
      const run = await restCall<{ total_tokens: number }>(
        service.url,
        adminKey,
        "GET",
        `/runs/${runId}`,
      );
      const steps = await restCall<{ tokens: number }[]>(
        service.url,
        adminKey,
        "GET",
        `/runs/${runId}/steps`,
      );
      expect(steps).toHaveLength(STEPS / RUNS);
      expect(run.total_tokens).toBe(steps.reduce((sum, step) => sum + step.tokens, 0));
    }
  });
});
