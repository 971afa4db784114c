import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDb,
  putPriceOverride,
  type RecordStepInput,
  type RecordStepResult,
  recordStep,
  stepBatchCounters,
} from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import {
  expectDomainError,
  rows,
  runTotals,
  seedRun,
  sqlstateOf,
  stepCount,
  uniqueToken,
} from "./helpers";

const usage = { input_tokens: 1000, output_tokens: 500 };
const at = { now: new Date("2026-01-01T00:00:00Z") };

/** One element of record_run_steps' p_steps; costs as strings, like recordStep sends them. */
const element = (runId: string, stepId: string, extra: Record<string, unknown> = {}) => ({
  run_id: runId,
  step_id: stepId,
  input_tokens: 10,
  output_tokens: 5,
  cost: "0.001",
  request_fingerprint: `fp-${stepId}`,
  ...extra,
});

describe.each(testEngines())("record_run_steps, the batch SQL function (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  const recordRunSteps = (elements: unknown) =>
    rows(
      db,
      sql`SELECT ordinal, error_sqlstate, error_message, error_constraint, error_raised,
                 duplicate, step_id, run_id, cost::text AS cost, total_cost_exact::text AS total
            FROM record_run_steps(${JSON.stringify(elements)}::jsonb)`,
    );

  it("records each element on its own: failures write nothing and do not touch the others", async () => {
    const a = await seedRun(db);
    const b = await seedRun(db);
    const pending = await seedRun(db, { status: "pending" });
    const model = `batch-model-${uniqueToken().toLowerCase()}`;
    await putPriceOverride(db, {
      model,
      clientId: null,
      effectiveFrom: new Date("2020-01-01T00:00:00Z"),
      inputMtok: "1",
      outputMtok: "1",
    });
    const result = await recordRunSteps([
      element(b.runId, "s1"),
      element(a.runId, "s1"),
      element("RUN_19990101_000000", "s1"),
      element(pending.runId, "s1"),
      element(a.runId, "s1", { request_fingerprint: "another request" }),
      element(a.runId, "s1"),
      element(a.runId, "huge", { cost: "9999999999.9" }),
      element(a.runId, "override", { model, override_models: [model, model] }),
      element(b.runId, "s2", { price_details: null, step_name: "second" }),
    ]);
    const byOrdinal = new Map(result.map((row) => [Number(row.ordinal), row]));
    expect([...byOrdinal.keys()].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const outcome = (ordinal: number) => {
      const row = byOrdinal.get(ordinal);
      return row?.error_sqlstate ?? (row?.duplicate ? "duplicate" : "recorded");
    };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(outcome)).toEqual([
      "recorded",
      "recorded",
      "P0002",
      "55000",
      "23505",
      "duplicate",
      "22003",
      "CLPO1",
      "recorded",
    ]);
    expect(byOrdinal.get(3)).toMatchObject({
      error_message: "run RUN_19990101_000000 not found",
      error_raised: true,
      step_id: "s1",
      run_id: "RUN_19990101_000000",
    });
    expect(byOrdinal.get(5)?.error_constraint).toBe("v2_run_steps_run_id_step_id_key");
    // Run a: s1 only (0.001); the overflow and the override-priced step wrote nothing.
    expect(await stepCount(db, a.runId)).toBe(1);
    expect(await runTotals(db, a.runId)).toMatchObject({
      totalTokens: 15,
      totalCostExact: "0.0010000000",
    });
    expect(await stepCount(db, b.runId)).toBe(2);
    expect(byOrdinal.get(9)?.total).toBe("0.0020000000");
    expect(await stepCount(db, pending.runId)).toBe(0);
  });

  it("locks runs in run_id order, then array order", async () => {
    const first = await seedRun(db, {}, new Date("2021-01-01T00:00:00Z"));
    const second = await seedRun(db, {}, new Date("2022-01-01T00:00:00Z"));
    const result = await recordRunSteps([
      element(second.runId, "x"),
      element(first.runId, "y"),
      element(second.runId, "z"),
    ]);
    expect(result.map((row) => `${row.run_id}/${row.step_id}`)).toEqual([
      `${first.runId}/y`,
      `${second.runId}/x`,
      `${second.runId}/z`,
    ]);
  });

  it("refuses anything but a JSON array", async () => {
    expect(await sqlstateOf(rows(db, sql`SELECT * FROM record_run_steps('{}'::jsonb)`))).toBe(
      "22023",
    );
    expect(await sqlstateOf(rows(db, sql`SELECT * FROM record_run_steps(NULL)`))).toBe("22023");
  });
});

describe.each(testEngines())("recordStep batching (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    // One statement at a time, so concurrent steps must share statements.
    db = await openTestDb(engine, { stepBatching: { maxInFlight: 1, maxBatchSize: 8 } });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("shares statements among concurrent steps, each with its own answer", async () => {
    const run = await seedRun(db);
    const pending = await seedRun(db, { status: "pending" });
    const model = `batched-override-${uniqueToken().toLowerCase()}`;
    await putPriceOverride(db, {
      model,
      clientId: null,
      effectiveFrom: new Date("2020-01-01T00:00:00Z"),
      inputMtok: "2",
      outputMtok: "4",
    });
    const before = stepBatchCounters(db);
    const plain = Array.from({ length: 30 }, (_, i) => ({
      stepId: `s${i}`,
      model: "gpt-4o",
      usage,
    }));
    const settled = await Promise.allSettled([
      ...plain.map((input) => recordStep(db, run.runId, input, at)),
      recordStep(db, run.runId, plain[0] as RecordStepInput, at),
      recordStep(db, run.runId, { ...(plain[1] as RecordStepInput), model: "gpt-4o-mini" }, at),
      recordStep(db, run.runId, { stepId: "priced-by-override", model, usage }, at),
      recordStep(db, "RUN_19990101_000000", { stepId: "lost", usage }, at),
      recordStep(db, pending.runId, { stepId: "early", usage }, at),
    ]);
    const after = stepBatchCounters(db);
    const statements = after.statements - before.statements;
    expect(after.steps - before.steps).toBe(35);
    expect(statements).toBeLessThan(35);

    const values = settled.map((outcome) =>
      outcome.status === "fulfilled" ? outcome.value : outcome.reason,
    );
    const recorded = values.slice(0, 30) as RecordStepResult[];
    // gpt-4o at 2.50 / 10.00 per million: 1000 in, 500 out.
    for (const result of recorded) expect(result.step.cost).toBe("0.0075000000");
    const [copy, reuse, overridden, lost, early] = values.slice(30);
    // Either the copy or the original ran first: exactly one of the two is a duplicate.
    const firstTwo = [recorded[0], copy as RecordStepResult];
    expect(firstTwo.filter((result) => result?.duplicate)).toHaveLength(1);
    await expectDomainError(Promise.reject(reuse), "CONFLICT", /different request/);
    expect((overridden as RecordStepResult).step).toMatchObject({
      cost: "0.0040000000",
      priceDetails: expect.objectContaining({ source: "override" }),
    });
    await expectDomainError(Promise.reject(lost), "NOT_FOUND", /run RUN_19990101_000000/);
    await expectDomainError(Promise.reject(early), "CONFLICT", /pending/);

    expect(await stepCount(db, run.runId)).toBe(31);
    const totals = await runTotals(db, run.runId);
    expect(totals).toMatchObject({ totalTokens: 31 * 1500, totalCostExact: "0.2290000000" });
    expect(await stepCount(db, pending.runId)).toBe(0);
  });

  it("a lone step is its own statement", async () => {
    const run = await seedRun(db);
    const before = stepBatchCounters(db);
    await recordStep(db, run.runId, { stepId: "alone", usage }, at);
    expect(stepBatchCounters(db).statements - before.statements).toBe(1);
  });
});

describe("stepBatching settings", () => {
  it("rejects batch sizes over 32 and more statements in flight than connections", async () => {
    await expectDomainError(
      createDb({ inMemory: true, stepBatching: { maxBatchSize: 33 } }),
      "VALIDATION",
      /maxBatchSize must be an integer from 1 to 32/,
    );
    await expectDomainError(
      createDb({
        databaseUrl: "postgres://nobody@127.0.0.1:1/none",
        poolSize: 2,
        stepBatching: { maxInFlight: 3 },
      }),
      "VALIDATION",
      /maxInFlight must be an integer from 1 to 2/,
    );
  });

  it("false turns batching off: every step is its own statement", async () => {
    const db = await createDb({ inMemory: true, stepBatching: false });
    try {
      expect(db.stepBatching).toBeNull();
      const run = await seedRun(db);
      await Promise.all(
        Array.from({ length: 5 }, (_, i) => recordStep(db, run.runId, { stepId: `${i}`, usage })),
      );
      expect(stepBatchCounters(db)).toEqual({ statements: 0, steps: 0 });
      expect(await stepCount(db, run.runId)).toBe(5);
    } finally {
      await db.close();
    }
  });
});
