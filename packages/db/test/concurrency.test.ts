import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDb,
  createRun,
  type Database,
  type RecordStepInput,
  recordStep,
  stepBatchCounters,
  transitionRun,
} from "../src/index";
import { openTestDb, type TestDb } from "../src/testing";
import { rows, runTotals, seedClient, seedRun } from "./helpers";

/** Runs `tasks` with at most `width` in flight. */
async function runWithConcurrency<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < tasks.length; index = next++) {
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

// Real concurrency needs real connections: these run on PostgreSQL only.
describe.skipIf(!process.env.DATABASE_URL)("concurrency on PostgreSQL", () => {
  let db: TestDb;
  let wide: Database;
  beforeAll(async () => {
    db = await openTestDb("postgres");
    // One statement per step, so 32 connections really run at once (batching is tested below).
    wide = await createDb({ databaseUrl: db.databaseUrl ?? "", poolSize: 32, stepBatching: false });
  });
  afterAll(async () => {
    await wide?.close();
    await db?.close();
  });

  it("32 connections record 5,000 steps (20% retried duplicates) on one run; totals equal the ledger", async () => {
    const run = await seedRun(db);
    const unique: RecordStepInput[] = Array.from({ length: 4000 }, (_, i) => ({
      stepId: `step-${i}`,
      model: ["gpt-4o", "gpt-4o-mini", "no-such-model"][i % 3],
      usage: { input_tokens: 50 + (i % 997), output_tokens: 1 + (i % 211) },
      costUsd: i % 7 === 0 ? `0.000${(i % 9) + 1}3` : undefined,
    }));
    const retried = shuffle([...unique.keys()]).slice(0, 1000);
    const requests = shuffle([
      ...unique,
      ...retried.map((index) => unique[index] as RecordStepInput),
    ]);
    expect(requests).toHaveLength(5000);

    const results = await runWithConcurrency(
      requests.map((request) => () => recordStep(wide, run.runId, request)),
      32,
    );
    expect(results.filter((result) => result.duplicate)).toHaveLength(1000);
    const [ledger] = await rows(
      db,
      sql`SELECT count(*)::int AS steps, sum(tokens)::int AS tokens,
                 round(sum(cost), 4)::text AS cost, sum(cost)::text AS exact
            FROM v2_run_steps WHERE run_id = ${run.runId}`,
    );
    expect(ledger?.steps).toBe(4000);
    const totals = await runTotals(db, run.runId);
    expect(totals.totalTokens).toBe(ledger?.tokens);
    expect(totals.totalCost).toBe(ledger?.cost);
    expect(totals.totalCostExact).toBe(ledger?.exact);
    const firstRecordings = results.filter((result) => !result.duplicate);
    expect(firstRecordings.reduce((sum, result) => sum + result.step.tokens, 0)).toBe(
      totals.totalTokens,
    );
    const [connections] = await rows(
      db,
      sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()`,
    );
    expect(Number(connections?.n)).toBeGreaterThanOrEqual(32);
  });

  it("32 simultaneous copies of one request record it exactly once", async () => {
    const run = await seedRun(db);
    const request = {
      stepId: "same",
      model: "gpt-4o",
      usage: { input_tokens: 10, output_tokens: 10 },
    };
    const results = await Promise.all(
      Array.from({ length: 32 }, () => recordStep(wide, run.runId, request)),
    );
    expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
    expect(await runTotals(db, run.runId)).toMatchObject({ totalTokens: 20 });
  });

  it("batched: 3,000 steps over 30 runs from 64 callers (exact repeats and conflicting reuses) match the ledger", async () => {
    const batched = await createDb({ databaseUrl: db.databaseUrl ?? "", poolSize: 6 });
    try {
      const runs = await Promise.all(Array.from({ length: 30 }, () => seedRun(db)));
      const requests = shuffle(
        Array.from({ length: 3000 }, (_, i) => ({
          runId: (runs[i % 30] as { runId: string }).runId,
          input: {
            stepId: `step-${Math.floor(i / 30) % 90}`, // steps 90..99 of each run repeat 80..89
            model: i % 4 === 0 ? "claude-sonnet-4-5" : "gpt-4o",
            usage: { input_tokens: 100 + (i % 13), output_tokens: 10 },
          } satisfies RecordStepInput,
        })),
      );
      const settled = await runWithConcurrency(
        requests.map(
          ({ runId, input }) =>
            () =>
              recordStep(batched, runId, input).then(
                (result) => ({ result }),
                (error: unknown) => ({ error }),
              ),
        ),
        64,
      );
      // Repeats with another usage are conflicts; exact repeats are duplicates.
      for (const outcome of settled) {
        if ("error" in outcome) expect(outcome.error).toMatchObject({ code: "CONFLICT" });
      }
      const counters = stepBatchCounters(batched);
      expect(counters.steps).toBe(3000);
      expect(counters.statements).toBeLessThan(3000);
      for (const run of runs) {
        const [ledger] = await rows(
          db,
          sql`SELECT count(*)::int AS steps, sum(tokens)::int AS tokens, sum(cost)::text AS exact
                FROM v2_run_steps WHERE run_id = ${run.runId}`,
        );
        expect(ledger?.steps).toBe(90);
        const totals = await runTotals(db, run.runId);
        expect(totals.totalTokens).toBe(ledger?.tokens);
        expect(totals.totalCostExact).toBe(ledger?.exact);
      }
    } finally {
      await batched.close();
    }
  });

  it("of concurrent complete and fail on a running run exactly one wins, the other gets CONFLICT", async () => {
    for (let i = 0; i < 20; i++) {
      const run = await seedRun(db);
      const results = await Promise.allSettled([
        transitionRun(wide, run.runId, "completed"),
        transitionRun(wide, run.runId, "failed", { errorMessage: "crashed" }),
      ]);
      const won = results.flatMap((result) =>
        result.status === "fulfilled" ? [result.value] : [],
      );
      const lost = results.flatMap((result) =>
        result.status === "rejected" ? [result.reason] : [],
      );
      expect(won).toHaveLength(1);
      expect(won[0]?.changed).toBe(true);
      expect(lost).toHaveLength(1);
      expect(lost[0]).toMatchObject({ code: "CONFLICT" });
      const [stored] = await rows(db, sql`SELECT status FROM v2_runs WHERE run_id = ${run.runId}`);
      expect(stored?.status).toBe(won[0]?.run.status);
    }
  });

  it("concurrent creates in one second get distinct run_id suffixes", async () => {
    const client = await seedClient(db);
    const now = new Date("2027-03-04T05:06:07.000Z");
    const created = await Promise.all(
      Array.from({ length: 12 }, () => createRun(wide, { clientId: client.clientId }, { now })),
    );
    const ids = created.map((result) => result.run.runId);
    expect(new Set(ids).size).toBe(12);
    expect(ids.every((id) => id.startsWith("RUN_20270304_050607"))).toBe(true);
  });
});
