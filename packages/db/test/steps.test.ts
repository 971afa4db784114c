import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSteps, putPriceOverride, recordStep, transitionRun } from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import {
  expectDomainError,
  rows,
  runTotals,
  seedClient,
  seedRun,
  stepCount,
  uniqueToken,
} from "./helpers";

const usage = { input_tokens: 1000, output_tokens: 200 };

describe.each(testEngines())("steps repository (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("prices a step from the catalog and adds it to the run's totals", async () => {
    const run = await seedRun(db);
    const now = new Date("2026-01-15T18:20:00.000Z");
    const result = await recordStep(
      db,
      run.runId,
      { stepId: "s1", stepName: "research", model: "gpt-4o", usage },
      { now },
    );
    expect(result.duplicate).toBe(false);
    // gpt-4o: $2.50 / $10 per million tokens.
    expect(result.step).toMatchObject({
      runId: run.runId,
      stepId: "s1",
      stepName: "research",
      model: "gpt-4o",
      provider: "openai",
      inputTokens: 1000,
      outputTokens: 200,
      tokens: 1200,
      cost: "0.0045000000",
      costSource: "computed",
      unpricedReason: null,
      reportedCost: null,
      late: false,
    });
    expect(result.step.recordedAt.toISOString()).toBe(now.toISOString());
    expect(result.step.priceDetails).toMatchObject({ source: "catalog", modelId: "gpt-4o" });
    expect(result.step.requestFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(result.run).toMatchObject({
      runId: run.runId,
      clientId: run.clientId,
      status: "running",
      totalTokens: 1200,
      totalCost: "0.0045",
    });
    expect(await runTotals(db, run.runId)).toEqual({
      totalTokens: 1200,
      totalCost: "0.0045",
      totalCostExact: "0.0045000000",
    });
    expect(await listSteps(db, run.runId)).toEqual([result.step]);
  });

  it("records a retried request once (duplicate: true) and rejects a conflicting reuse", async () => {
    const run = await seedRun(db);
    const request = { stepId: "retry-me", model: "gpt-4o", usage, costUsd: "0.10" };
    const first = await recordStep(db, run.runId, request);
    const retry = await recordStep(db, run.runId, { ...request, costUsd: 0.1 });
    expect(retry.duplicate).toBe(true);
    expect(retry.step).toEqual(first.step);
    expect(retry.run.totalTokens).toBe(first.run.totalTokens);
    expect(retry.run.totalCost).toBe("0.1000");
    await expectDomainError(
      recordStep(db, run.runId, { ...request, usage: { input_tokens: 1001, output_tokens: 200 } }),
      "CONFLICT",
      /retry-me.*different request/,
    );
    expect(await stepCount(db, run.runId)).toBe(1);
    expect(await runTotals(db, run.runId)).toMatchObject({
      totalTokens: 1200,
      totalCost: "0.1000",
    });
  });

  it("keeps a reported cost over the computed one, and unpriced steps with a reason", async () => {
    const run = await seedRun(db);
    const reported = await recordStep(db, run.runId, {
      stepId: "r",
      model: "gpt-4o",
      usage,
      costUsd: "0.123456789012",
    });
    expect(reported.step).toMatchObject({
      costSource: "reported",
      cost: "0.1234567890",
      reportedCost: "0.1234567890",
    });
    const unpriced = await recordStep(db, run.runId, {
      stepId: "u",
      model: "no-such-model-xyz",
      usage: { input_tokens: 5, output_tokens: 5 },
    });
    expect(unpriced.step.cost).toBeNull();
    expect(unpriced.step.costSource).toBe("unpriced");
    expect(unpriced.step.unpricedReason).toBeTruthy();
    expect(unpriced.run).toMatchObject({ totalTokens: 1210, totalCost: "0.1235" });
    const noModel = await recordStep(db, run.runId, { stepId: "n", usage });
    expect(noModel.step).toMatchObject({ model: null, costSource: "unpriced" });
  });

  it("uses the run's client's price override, then a global one, never another client's", async () => {
    const model = `test-model-${uniqueToken().toLowerCase()}`;
    const client = await seedClient(db);
    const other = await seedClient(db);
    const from = new Date("2025-01-01T00:00:00Z");
    await putPriceOverride(db, {
      model,
      clientId: null,
      effectiveFrom: from,
      inputMtok: "1",
      outputMtok: "2",
    });
    await putPriceOverride(db, {
      model,
      clientId: client.clientId,
      effectiveFrom: from,
      inputMtok: "10",
      outputMtok: "20",
    });
    await putPriceOverride(db, {
      model,
      clientId: other.clientId,
      effectiveFrom: from,
      inputMtok: "100",
      outputMtok: "200",
    });
    const at = { now: new Date("2026-01-01T00:00:00Z") };
    const mine = await seedRun(db, { clientId: client.clientId });
    const step = await recordStep(
      db,
      mine.runId,
      { stepId: "a", model, usage: { input_tokens: 1_000_000, output_tokens: 1_000_000 } },
      at,
    );
    expect(step.step.cost).toBe("30.0000000000");
    expect(step.step.priceDetails).toMatchObject({ source: "override" });
    const third = await seedClient(db);
    const theirs = await seedRun(db, { clientId: third.clientId });
    const global = await recordStep(
      db,
      theirs.runId,
      {
        stepId: "a",
        model: model.toUpperCase(),
        usage: { input_tokens: 1_000_000, output_tokens: 0 },
      },
      at,
    );
    expect(global.step.cost).toBe("1.0000000000");
    // An override effective only after the step does not apply.
    const before = await recordStep(
      db,
      theirs.runId,
      { stepId: "b", model, usage },
      { now: new Date("2024-01-01T00:00:00Z") },
    );
    expect(before.step.costSource).toBe("unpriced");
  });

  it("refuses steps on a pending run (CONFLICT) and marks steps on ended runs late", async () => {
    const pending = await seedRun(db, { status: "pending" });
    await expectDomainError(
      recordStep(db, pending.runId, { stepId: "p", model: "gpt-4o", usage }),
      "CONFLICT",
      /pending/,
    );
    // It names the run and the status it needs, so callers can say how to move it on.
    const refused = await expectDomainError(
      recordStep(db, pending.runId, { stepId: "p2", model: "gpt-4o", usage }),
      "CONFLICT",
    );
    expect(refused.details).toEqual({
      run_id: pending.runId,
      current_status: "pending",
      requested_status: "running",
      allowed_statuses: ["running", "failed"],
    });
    expect(await stepCount(db, pending.runId)).toBe(0);

    for (const end of ["completed", "failed"] as const) {
      const run = await seedRun(db);
      await recordStep(db, run.runId, { stepId: "on-time", model: "gpt-4o", usage });
      await transitionRun(db, run.runId, end, end === "failed" ? { errorMessage: "x" } : {});
      const late = await recordStep(db, run.runId, { stepId: "late", model: "gpt-4o", usage });
      expect(late.step.late).toBe(true);
      expect(late.run).toMatchObject({ status: end, totalTokens: 2400, totalCost: "0.0090" });
      const steps = await listSteps(db, run.runId);
      expect(steps.map((step) => [step.stepId, step.late])).toEqual([
        ["on-time", false],
        ["late", true],
      ]);
    }
  });

  it("answers NOT_FOUND for an unknown run and VALIDATION for bad input", async () => {
    await expectDomainError(
      recordStep(db, "RUN_19990101_000000", { stepId: "x", model: "gpt-4o", usage }),
      "NOT_FOUND",
      /run RUN_19990101_000000/,
    );
    await expectDomainError(listSteps(db, "RUN_19990101_000000"), "NOT_FOUND");
    const run = await seedRun(db);
    expect(await listSteps(db, run.runId)).toEqual([]);
    const bad = [
      { stepId: "", usage },
      { stepId: "x", usage: { input_tokens: -1, output_tokens: 0 } },
      { stepId: "x", usage: { input_tokens: 1.5, output_tokens: 0 } },
      { stepId: "x", usage, costUsd: "-1" },
      { stepId: "x", usage, costUsd: "abc" },
    ];
    for (const input of bad) {
      await expectDomainError(recordStep(db, run.runId, input), "VALIDATION");
    }
    expect(await stepCount(db, run.runId)).toBe(0);
  });

  it("turns an INTEGER or NUMERIC(10,4) overflow into OVERFLOW that writes nothing", async () => {
    const run = await seedRun(db);
    await recordStep(db, run.runId, { stepId: "base", model: "gpt-4o", usage });
    await rows(db, sql`UPDATE v2_runs SET total_tokens = 2147483000 WHERE run_id = ${run.runId}`);
    const before = await runTotals(db, run.runId);
    const tokens = await expectDomainError(
      recordStep(db, run.runId, { stepId: "big", model: "gpt-4o", usage }),
      "OVERFLOW",
      /total_tokens/,
    );
    expect(tokens.details?.sqlstate).toBe("22003");
    expect(await runTotals(db, run.runId)).toEqual(before);
    expect(await stepCount(db, run.runId)).toBe(1);

    const money = await seedRun(db);
    await rows(
      db,
      sql`UPDATE v2_runs SET total_cost_exact = 999999.9999, total_cost = 999999.9999 WHERE run_id = ${money.runId}`,
    );
    const moneyBefore = await runTotals(db, money.runId);
    await expectDomainError(
      recordStep(db, money.runId, { stepId: "pricey", model: "gpt-4o", usage, costUsd: "0.0001" }),
      "OVERFLOW",
      /NUMERIC\(10,4\)/,
    );
    expect(await runTotals(db, money.runId)).toEqual(moneyBefore);
    expect(await stepCount(db, money.runId)).toBe(0);
    // Just below the limit still fits: round(999999.99994, 4) = 999999.9999.
    const fits = await recordStep(db, money.runId, {
      stepId: "fits",
      model: "gpt-4o",
      usage,
      costUsd: "0.00004",
    });
    expect(fits.run.totalCost).toBe("999999.9999");

    const step = await seedRun(db);
    await expectDomainError(
      recordStep(db, step.runId, {
        stepId: "huge",
        usage: { input_tokens: 2_147_483_647, output_tokens: 1 },
      }),
      "OVERFLOW",
    );
    expect(await stepCount(db, step.runId)).toBe(0);
  });

  it("keeps totals equal to the ledger's sums over many steps with retries", async () => {
    const run = await seedRun(db);
    const requests = Array.from({ length: 60 }, (_, i) => ({
      stepId: `step-${i}`,
      model: i % 3 === 0 ? "gpt-4o-mini" : "gpt-4o",
      usage: { input_tokens: 100 + i, output_tokens: 7 * i },
      costUsd: i % 5 === 0 ? `0.0000${i + 1}` : undefined,
    }));
    const retries = requests.filter((_, i) => i % 4 === 0);
    const results = await Promise.all(
      [...requests, ...retries].map((request) => recordStep(db, run.runId, request)),
    );
    expect(results.filter((result) => result.duplicate)).toHaveLength(retries.length);
    const [ledger] = await rows(
      db,
      sql`SELECT sum(tokens) AS tokens, round(sum(cost), 4)::text AS cost, sum(cost)::text AS exact
            FROM v2_run_steps WHERE run_id = ${run.runId}`,
    );
    const totals = await runTotals(db, run.runId);
    expect(totals.totalTokens).toBe(Number(ledger?.tokens));
    expect(totals.totalCost).toBe(ledger?.cost);
    expect(Number(totals.totalCostExact)).toBe(Number(ledger?.exact));
    expect(await stepCount(db, run.runId)).toBe(60);
  });
});
