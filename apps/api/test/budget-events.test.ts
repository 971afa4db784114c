/** Budget threshold events: one per budget, period, limit and threshold, into the webhooks outbox. */
import { budgetEventsOf, createDb, type Database, recordStep as record } from "@columnline/db";
import { testEngines } from "@columnline/db/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBudgetEvaluator } from "../src/budgets/budget-evaluator";
import type { BudgetJson } from "../src/contract/budget";
import { createClient, expectStatus, recordStep, runningRun } from "./fixtures";
import { startTestApi, type TestApi } from "./harness";

const NOW = new Date("2031-07-09T10:00:00Z");

/** Type, threshold, dedupe key and spend of each event the budget emitted, by threshold. */
async function budgetEvents(db: Database, budgetId: string) {
  return (await budgetEventsOf(db, budgetId)).map((event) => ({
    type: event.type,
    dedupe_key: event.dedupeKey,
    threshold: event.payload.threshold as number,
    spent: (event.payload.budget as BudgetJson).spent_exact,
  }));
}

describe.each(testEngines())("budget events (%s)", (engine) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(engine);
    api.setNow(NOW);
  });
  afterAll(async () => {
    await api?.close();
  });

  const step = (runId: string, stepId: string, cost: string) =>
    recordStep(api, runId, {
      step_id: stepId,
      model: "gpt-4o",
      usage: { input_tokens: 1, output_tokens: 1 },
      cost_usd: cost,
    });

  it("each crossing is written once, whatever the sweeps; reaching the limit is budget.exceeded", async () => {
    const clientId = await createClient(api);
    const budget = expectStatus(
      await api.rest<BudgetJson>("PUT", `/clients/${clientId}/budget`, {
        period: "week",
        limit_usd: "1",
        thresholds: [0.5, 0.8, 1],
        action: "notify_only",
      }),
      201,
    );
    const run = await runningRun(api, clientId);
    await step(run.run_id, "a", "0.4");
    await api.evaluateBudgets();
    expect(await budgetEvents(api.db, budget.budget_id)).toEqual([]);
    await step(run.run_id, "b", "0.45"); // 0.85: crosses 0.5 and 0.8 at once
    await api.evaluateBudgets();
    await api.evaluateBudgets();
    const crossed = await budgetEvents(api.db, budget.budget_id);
    expect(crossed.map((event) => [event.type, event.threshold])).toEqual([
      ["budget.threshold_crossed", 0.5],
      ["budget.threshold_crossed", 0.8],
    ]);
    expect(crossed[0]?.dedupe_key).toBe(`budget:${budget.budget_id}:${budget.period_start}:0.5@1`);
    expect(crossed[0]?.spent).toBe("0.85");
    await step(run.run_id, "c", "0.15"); // exactly 1: the limit
    await api.evaluateBudgets();
    await api.evaluateBudgets();
    const all = await budgetEvents(api.db, budget.budget_id);
    expect(all.map((event) => [event.type, event.threshold])).toEqual([
      ["budget.threshold_crossed", 0.5],
      ["budget.threshold_crossed", 0.8],
      ["budget.exceeded", 1],
    ]);
    // A raised limit re-arms the thresholds it no longer passes: 1 of 2 is 50 %.
    expectStatus(
      await api.rest("PUT", `/clients/${clientId}/budget`, {
        period: "week",
        limit_usd: "2",
        thresholds: [0.5, 0.8, 1],
        action: "notify_only",
      }),
      200,
    );
    await api.evaluateBudgets();
    const rearmed = await budgetEvents(api.db, budget.budget_id);
    expect(rearmed.filter((event) => event.dedupe_key.endsWith("@2"))).toHaveLength(1);
  });

  if (engine === "postgres")
    it("32 connections crossing thresholds at once, two evaluators sweeping meanwhile: one event each", async () => {
      const databaseUrl = api.db.databaseUrl ?? "";
      const steps = await createDb({ databaseUrl, poolSize: 32, stepBatching: false });
      const other = await createDb({ databaseUrl, poolSize: 2 });
      // A second API instance's evaluator over its own connections.
      const second = startBudgetEvaluator(
        { db: other, logger: pino({ level: "silent" }), now: () => NOW },
        { intervalMs: 60_000, debounceMs: 0 },
      );
      try {
        const clientId = await createClient(api);
        const budget = expectStatus(
          await api.rest<BudgetJson>("PUT", `/clients/${clientId}/budget`, {
            period: "day",
            limit_usd: "0.32",
            thresholds: [0.25, 0.5, 0.75, 1],
            action: "block_new_runs",
          }),
          201,
        );
        const run = await runningRun(api, clientId);
        let burst = true;
        const sweeping = async (sweep: () => Promise<void>) => {
          while (burst) await sweep();
        };
        const sweeps = [sweeping(() => api.evaluateBudgets()), sweeping(() => second.sweep())];
        await Promise.all(
          Array.from({ length: 32 }, (_, i) =>
            record(
              steps,
              run.run_id,
              {
                stepId: `s${i}`,
                model: "gpt-4o",
                usage: { input_tokens: 1, output_tokens: 1 },
                costUsd: "0.01",
              },
              { now: NOW },
            ),
          ),
        );
        burst = false;
        await Promise.all(sweeps);
        await Promise.all([api.evaluateBudgets(), second.sweep()]);
        const events = await budgetEvents(api.db, budget.budget_id);
        expect(events.map((event) => [event.type, event.threshold])).toEqual([
          ["budget.threshold_crossed", 0.25],
          ["budget.threshold_crossed", 0.5],
          ["budget.threshold_crossed", 0.75],
          ["budget.exceeded", 1],
        ]);
      } finally {
        await second.stop();
        await steps.close();
        await other.close();
      }
    });

  /** A day budget of 1 USD alerting at half, set through the API, and a running run under it. */
  async function dayBudget() {
    const clientId = await createClient(api);
    const budget = expectStatus(
      await api.rest<BudgetJson>("PUT", `/clients/${clientId}/budget`, {
        period: "day",
        limit_usd: "1",
        thresholds: [0.5],
        action: "notify_only",
      }),
      201,
    );
    const run = await runningRun(api, clientId);
    // Evaluations the PUT or the run asked for (timers) run now, before any step is written.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await api.evaluateBudgets();
    return { budget, run };
  }

  /** A step written straight to the ledger at `at`: no API instance hears of it. */
  const unheardStep = (runId: string, stepId: string, cost: string, at: Date) =>
    record(
      api.db,
      runId,
      { stepId, model: "gpt-4o", usage: { input_tokens: 1, output_tokens: 1 }, costUsd: cost },
      { now: at },
    );

  it("a crossing in a period's last second, evaluated once the period ended, is announced for that period", async () => {
    api.setNow(new Date("2031-07-09T23:59:59.000Z"));
    try {
      const { budget, run } = await dayBudget();
      await unheardStep(run.run_id, "last-second", "0.6", new Date("2031-07-09T23:59:59.900Z"));
      api.setNow(new Date("2031-07-10T00:00:01.000Z"));
      await api.evaluateBudgets();
      const events = await budgetEvents(api.db, budget.budget_id);
      expect(events).toEqual([
        {
          type: "budget.threshold_crossed",
          threshold: 0.5,
          dedupe_key: `budget:${budget.budget_id}:2031-07-09T00:00:00.000Z:0.5@1`,
          spent: "0.6",
        },
      ]);
      await api.evaluateBudgets();
      expect(await budgetEvents(api.db, budget.budget_id)).toHaveLength(1);
    } finally {
      api.setNow(NOW);
    }
  });

  it("after a restart, crossings in the period that ended while no instance ran are announced", async () => {
    api.setNow(new Date("2031-07-11T12:00:00.000Z"));
    try {
      const { budget, run } = await dayBudget();
      await unheardStep(run.run_id, "unseen", "0.7", new Date("2031-07-11T12:00:00.000Z"));
      // Hours later: an instance that has been running all along no longer looks back...
      const later = new Date("2031-07-12T05:00:00.000Z");
      api.setNow(later);
      await api.evaluateBudgets();
      expect(await budgetEvents(api.db, budget.budget_id)).toEqual([]);
      // ...but one starting now catches up on the period that ended, once.
      const restarted = startBudgetEvaluator(
        { db: api.db, logger: pino({ level: "silent" }), now: () => later },
        { intervalMs: 60_000, debounceMs: 0 },
      );
      try {
        await restarted.sweep();
        await restarted.sweep();
      } finally {
        await restarted.stop();
      }
      const events = await budgetEvents(api.db, budget.budget_id);
      expect(events.map((event) => [event.dedupe_key, event.spent])).toEqual([
        [`budget:${budget.budget_id}:2031-07-11T00:00:00.000Z:0.5@1`, "0.7"],
      ]);
    } finally {
      api.setNow(NOW);
    }
  });
});
