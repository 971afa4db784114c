import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Client,
  costByDay,
  costByModel,
  costSummary,
  recordStep,
  topRuns,
  transitionRun,
} from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { expectDomainError, rows, seedClient, seedRun } from "./helpers";

describe.each(testEngines())("analytics (%s)", (engine) => {
  let db: TestDb;
  let client: Client;
  const runIds: string[] = [];

  /** Five completed runs (run i: 100*i tokens, cost 0.0i, doubled for odd i), plus one running run. */
  beforeAll(async () => {
    db = await openTestDb(engine);
    client = await seedClient(db);
    for (let i = 1; i <= 5; i++) {
      const run = await seedRun(
        db,
        { clientId: client.clientId },
        new Date(Date.UTC(2026, 0, i, 12)),
      );
      runIds.push(run.runId);
      await recordStep(
        db,
        run.runId,
        {
          stepId: "a",
          model: "gpt-4o",
          usage: { input_tokens: 50 * i, output_tokens: 0 },
          costUsd: `0.0${i}`,
        },
        { now: new Date(Date.UTC(2026, 0, i, 13)) },
      );
      await recordStep(
        db,
        run.runId,
        {
          stepId: "b",
          model: i % 2 ? "gpt-4o-mini" : null,
          usage: { input_tokens: 0, output_tokens: 50 * i },
          costUsd: i % 2 ? `0.0${i}` : null,
        },
        { now: new Date(Date.UTC(2026, 0, i, 14)) },
      );
      await transitionRun(db, run.runId, "completed");
    }
    const running = await seedRun(
      db,
      { clientId: client.clientId },
      new Date(Date.UTC(2026, 0, 9)),
    );
    await recordStep(db, running.runId, {
      stepId: "a",
      model: "gpt-4o",
      usage: { input_tokens: 1, output_tokens: 1 },
      costUsd: "5",
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("costSummary: counts, totals, averages and percentiles of completed runs", async () => {
    const summary = await costSummary(db, { clientId: client.clientId });
    // Run i cost 0.0i, plus 0.0i again when its second step is priced (odd i).
    expect(summary).toEqual({
      runCount: 5,
      totalTokens: 1500,
      totalCost: "0.2400",
      avgTokens: "300.00",
      avgCost: "0.0480",
      p50Cost: "0.0400",
      p95Cost: "0.0920",
    });
    const january2 = await costSummary(db, {
      clientId: client.clientId,
      from: new Date(Date.UTC(2026, 0, 2)),
      to: new Date(Date.UTC(2026, 0, 4)),
    });
    expect(january2).toMatchObject({ runCount: 2, totalCost: "0.0800" });
    const running = await costSummary(db, { clientId: client.clientId, status: "running" });
    expect(running).toMatchObject({ runCount: 1, totalCost: "5.0000" });
    const none = await costSummary(db, { clientId: "CLT_NOBODY" });
    expect(none).toEqual({
      runCount: 0,
      totalTokens: 0,
      totalCost: "0.0000",
      avgTokens: null,
      avgCost: null,
      p50Cost: null,
      p95Cost: null,
    });
  });

  it("costSummary agrees with the seed's average query", async () => {
    const [seed] = await rows(
      db,
      sql`SELECT round(AVG(total_cost), 4)::text as avg_cost, COUNT(*)::int as run_count
            FROM v2_runs WHERE status = 'completed'`,
    );
    const summary = await costSummary(db);
    expect(summary.avgCost).toBe(seed?.avg_cost);
    expect(summary.runCount).toBe(seed?.run_count);
  });

  it("topRuns: most expensive first, limited and validated", async () => {
    const top = await topRuns(db, { clientId: client.clientId, limit: 3 });
    expect(top.map((run) => run.totalCost)).toEqual(["0.1000", "0.0600", "0.0400"]);
    expect(top[0]).toEqual({
      runId: runIds[4],
      clientId: client.clientId,
      status: "completed",
      totalTokens: 500,
      totalCost: "0.1000",
    });
    expect(await topRuns(db, { clientId: client.clientId })).toHaveLength(5);
    await expectDomainError(topRuns(db, { limit: 101 }), "VALIDATION");
  });

  it("costByModel: step counts, tokens, cost and unpriced steps per model", async () => {
    const byModel = await costByModel(db, { clientId: client.clientId });
    expect(byModel).toEqual([
      {
        model: "gpt-4o",
        stepCount: 5,
        tokens: 750,
        cost: "0.1500",
        costExact: "0.1500000000",
        unpricedSteps: 0,
      },
      {
        model: "gpt-4o-mini",
        stepCount: 3,
        tokens: 450,
        cost: "0.0900",
        costExact: "0.0900000000",
        unpricedSteps: 0,
      },
      { model: null, stepCount: 2, tokens: 300, cost: "0.0000", costExact: "0", unpricedSteps: 2 },
    ]);
  });

  it("costByDay: per UTC day of recording", async () => {
    const byDay = await costByDay(db, {
      clientId: client.clientId,
      to: new Date(Date.UTC(2026, 0, 3)),
    });
    expect(byDay).toEqual([
      {
        day: "2026-01-01",
        stepCount: 2,
        tokens: 100,
        cost: "0.0200",
        costExact: "0.0200000000",
        unpricedSteps: 0,
      },
      {
        day: "2026-01-02",
        stepCount: 2,
        tokens: 200,
        cost: "0.0200",
        costExact: "0.0200000000",
        unpricedSteps: 1,
      },
    ]);
  });
});
