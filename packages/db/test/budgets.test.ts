import { periodBoundsAt } from "@columnline/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  budgetSpend,
  budgetsOfClient,
  type Client,
  deleteBudget,
  getBudget,
  putBudget,
  recordStep,
  spendPeriods,
} from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { expectDomainError, rows, seedClient, seedRun } from "./helpers";

const settings = { period: "day", limitUsd: "1.5", action: "block_new_runs" } as const;

describe.each(testEngines())("budgets (%s)", (engine) => {
  let db: TestDb;
  let client: Client;

  beforeAll(async () => {
    db = await openTestDb(engine);
    client = await seedClient(db);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it("puts, replaces (same id), reads and removes a client's budget; defaults UTC and [0.8, 1]", async () => {
    const first = await putBudget(db, client.clientId, settings);
    expect(first.created).toBe(true);
    expect(first.budget).toMatchObject({
      clientId: client.clientId,
      period: "day",
      timeZone: "UTC",
      limitUsd: "1.5",
      thresholds: [0.8, 1],
      action: "block_new_runs",
    });
    const second = await putBudget(db, client.clientId, {
      ...settings,
      period: "month",
      timeZone: "Asia/Kathmandu",
      thresholds: [1, 0.5],
      limitUsd: "20.0000000001",
    });
    expect(second.created).toBe(false);
    expect(second.budget.id).toBe(first.budget.id);
    expect(second.budget).toMatchObject({ thresholds: [0.5, 1], limitUsd: "20.0000000001" });
    expect(await getBudget(db, client.clientId)).toEqual(second.budget);
    expect((await budgetsOfClient(db, client.clientId)).map((b) => b.id)).toEqual([
      first.budget.id,
    ]);
    await deleteBudget(db, client.clientId);
    await expectDomainError(getBudget(db, client.clientId), "NOT_FOUND", /budget/);
    await expectDomainError(deleteBudget(db, client.clientId), "NOT_FOUND");
  });

  it("one global budget, counted for every client; an unknown client is a 404", async () => {
    const global = await putBudget(db, null, { ...settings, action: "notify_only" });
    expect(global.budget.clientId).toBeNull();
    expect((await putBudget(db, null, settings)).created).toBe(false);
    expect((await budgetsOfClient(db, client.clientId)).map((b) => b.clientId)).toEqual([null]);
    await deleteBudget(db, null);
    await expectDomainError(putBudget(db, "CLT_NO_SUCH_ONE", settings), "NOT_FOUND", /client/);
  });

  it("a bad zone, limit, threshold, period or action is a 400 naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ timeZone: "Mars/Olympus" }, "time_zone"],
      [{ timeZone: "UTC+3" }, "time_zone"],
      [{ limitUsd: "0" }, "limit_usd"],
      [{ limitUsd: "ten" }, "limit_usd"],
      [{ thresholds: [0.5, 0.5] }, "thresholds"],
      [{ thresholds: [0] }, "thresholds"],
      [{ period: "year" }, "period"],
      [{ action: "shout" }, "action"],
    ];
    for (const [change, path] of cases) {
      const error = await expectDomainError(
        putBudget(db, client.clientId, { ...settings, ...change } as typeof settings),
        "VALIDATION",
      );
      expect(error.issues?.[0]?.path).toBe(path);
    }
  });

  it("spend is the analytics' exact sum over the local period: 23:59:59.999 in, the next ms out", async () => {
    const zone = "Asia/Kathmandu"; // +05:45: the day's edges fall inside UTC hours
    const other = await seedClient(db);
    const run = await seedRun(db, { clientId: other.clientId }, new Date("2030-01-15T00:00:00Z"));
    const step = (stepId: string, at: string, costUsd: string | null, model = "gpt-4o") =>
      recordStep(
        db,
        run.runId,
        { stepId, model, usage: { input_tokens: 1, output_tokens: 0 }, costUsd },
        { now: new Date(at) },
      );
    await step("before", "2030-01-14T18:14:59.999Z", "0.5"); // 23:59:59.999 on the 14th
    await step("first", "2030-01-14T18:15:00.000Z", "0.0000000001");
    await step("middle", "2030-01-15T03:00:00.000Z", "0.1");
    await step("unpriced", "2030-01-15T09:30:00.000Z", null, "house-model-x");
    await step("last", "2030-01-15T18:14:59.999Z", "0.2"); // 23:59:59.999 on the 15th
    await step("after", "2030-01-15T18:15:00.000Z", "7");
    const at = new Date("2030-01-15T12:00:00Z");
    const { start, end } = periodBoundsAt(at, "day", zone);
    const spend = await budgetSpend(db, { clientId: other.clientId, from: start, to: end });
    expect(spend).toEqual({
      cost: "0.3000",
      costExact: "0.3000000001",
      stepCount: 4,
      unpricedSteps: 1,
    });
    // The dashboard's "today" in that zone reads the very same numbers.
    const [today] = await spendPeriods(db, { at, timeZone: zone, clientId: other.clientId });
    expect(today).toMatchObject({ cost: spend.cost, costExact: spend.costExact, unpricedSteps: 1 });
    // Global spend includes every client's steps in the range: this client's and no fewer.
    const global = await budgetSpend(db, { clientId: null, from: start, to: end });
    const [ledger] = await rows(
      db,
      sql`SELECT coalesce(sum(cost), 0)::text AS c FROM v2_run_steps
           WHERE recorded_at >= ${start.toISOString()}::timestamptz AND recorded_at < ${end.toISOString()}::timestamptz`,
    );
    expect(Number(global.costExact)).toBe(Number(ledger?.c));
  });

  it("removing a client removes its budget", async () => {
    const doomed = await seedClient(db);
    await putBudget(db, doomed.clientId, settings);
    await rows(db, sql`DELETE FROM v2_clients WHERE client_id = ${doomed.clientId}`);
    await expectDomainError(getBudget(db, doomed.clientId), "NOT_FOUND");
  });
});
