import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDb,
  type Database,
  type DrizzleDb,
  putPriceOverride,
  type RecordStepInput,
  type RecordStepResult,
  recordStep,
} from "../src/index";
import { OVERRIDE_MAY_APPLY_SQLSTATE } from "../src/repo/steps/record-step";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import {
  expectDomainError,
  rows,
  runTotals,
  seedClient,
  seedRun,
  sqlstateOf,
  stepCount,
  uniqueToken,
} from "./helpers";

const usage = { input_tokens: 1_000_000, output_tokens: 1_000_000 };
const at = { now: new Date("2026-01-01T00:00:00Z") };
const from = new Date("2025-01-01T00:00:00Z");

/** The drizzle instance, counting the statements recordStep starts on it. */
function counting(db: Database): { db: DrizzleDb; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(db.db, {
    get(target, property) {
      if (property === "execute" || property === "select") calls.push(property);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: proxy, calls };
}

/** One round trip: record_run_step only. */
const ONE_TRIP = ["execute"];
/** record_run_step refused (CLPO1), then loadPricingContext, then record_run_step again. */
const FALLBACK = ["execute", "select", "execute"];

/** What a step's pricing looks like, to compare paths. */
const pricing = (result: RecordStepResult) => ({
  cost: result.step.cost,
  costSource: result.step.costSource,
  provider: result.step.provider,
  unpricedReason: result.step.unpricedReason,
  priceDetails: result.step.priceDetails,
});

describe.each(testEngines())("recordStep's one-round-trip path (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** The exact two-trip path (a transaction always takes it), on a fresh run of `clientId`. */
  async function exactPath(clientId: string, input: RecordStepInput, now = at.now) {
    const run = await seedRun(db, { clientId });
    return db.db.transaction((tx) => recordStep(tx, run.runId, input, { now }));
  }

  it("takes one round trip when no override exists, and prices from the catalog", async () => {
    const run = await seedRun(db);
    const counted = counting(db);
    const result = await recordStep(counted.db, run.runId, {
      stepId: "s1",
      model: "gpt-4o",
      usage: { input_tokens: 1000, output_tokens: 200 },
    });
    expect(counted.calls).toEqual(ONE_TRIP);
    expect(result.step).toMatchObject({ cost: "0.0045000000", costSource: "computed" });
    expect(result.step.priceDetails).toMatchObject({ source: "catalog", modelId: "gpt-4o" });

    const noModel = counting(db);
    const unpriced = await recordStep(noModel.db, run.runId, { stepId: "s2", usage });
    expect(noModel.calls).toEqual(ONE_TRIP);
    expect(unpriced.step.costSource).toBe("unpriced");
  });

  it("falls back to the overrides when a global one applies, and prices with it", async () => {
    const model = `test-model-${uniqueToken().toLowerCase()}`;
    await putPriceOverride(db, {
      model,
      clientId: null,
      effectiveFrom: from,
      inputMtok: "1",
      outputMtok: "2",
    });
    const run = await seedRun(db);
    const counted = counting(db);
    const result = await recordStep(counted.db, run.runId, { stepId: "a", model, usage }, at);
    expect(counted.calls).toEqual(FALLBACK);
    expect(result.duplicate).toBe(false);
    expect(result.step.cost).toBe("3.0000000000");
    expect(result.step.priceDetails).toMatchObject({ source: "override" });
    expect(await runTotals(db, run.runId)).toMatchObject({ totalCostExact: "3.0000000000" });
    expect(await stepCount(db, run.runId)).toBe(1);

    // The same rule as overridesMatchingModel: case, spaces and a provider prefix.
    for (const variant of [model.toUpperCase(), `  ${model} `, `someprovider/${model}`]) {
      const again = counting(db);
      const step = await recordStep(
        again.db,
        run.runId,
        { stepId: variant, model: variant, usage },
        at,
      );
      expect(again.calls).toEqual(FALLBACK);
      expect(step.step.priceDetails).toMatchObject({ source: "override" });
      expect(pricing(step)).toEqual(
        pricing(await exactPath(run.clientId, { stepId: "x", model: variant, usage })),
      );
    }
  });

  it("falls back for the run's client's override only; other clients stay on one trip", async () => {
    const client = await seedClient(db);
    const other = await seedClient(db);
    // A catalog model: the client's override must win over the catalog.
    await putPriceOverride(db, {
      model: "openai/gpt-4o",
      clientId: client.clientId,
      effectiveFrom: from,
      inputMtok: "10",
      outputMtok: "20",
    });
    const mine = await seedRun(db, { clientId: client.clientId });
    const counted = counting(db);
    const result = await recordStep(
      counted.db,
      mine.runId,
      { stepId: "a", model: "gpt-4o", usage },
      at,
    );
    expect(counted.calls).toEqual(FALLBACK);
    expect(result.step.cost).toBe("30.0000000000");
    expect(result.step.priceDetails).toMatchObject({ source: "override" });
    expect(pricing(result)).toEqual(
      pricing(await exactPath(client.clientId, { stepId: "a", model: "gpt-4o", usage })),
    );

    const theirs = await seedRun(db, { clientId: other.clientId });
    const fast = counting(db);
    const catalog = await recordStep(
      fast.db,
      theirs.runId,
      { stepId: "a", model: "gpt-4o", usage },
      at,
    );
    expect(fast.calls).toEqual(ONE_TRIP);
    expect(catalog.step.cost).toBe("12.5000000000"); // $2.50 + $10 per million
    expect(pricing(catalog)).toEqual(
      pricing(await exactPath(other.clientId, { stepId: "a", model: "gpt-4o", usage })),
    );
  });

  it("does not fall back for an override effective only after the step", async () => {
    const model = `test-model-${uniqueToken().toLowerCase()}`;
    await putPriceOverride(db, {
      model,
      clientId: null,
      effectiveFrom: new Date("2027-01-01T00:00:00Z"),
      inputMtok: "1",
      outputMtok: "2",
    });
    const run = await seedRun(db);
    const counted = counting(db);
    const before = await recordStep(counted.db, run.runId, { stepId: "a", model, usage }, at);
    expect(counted.calls).toEqual(ONE_TRIP);
    expect(before.step.costSource).toBe("unpriced");
    expect(pricing(before)).toEqual(
      pricing(await exactPath(run.clientId, { stepId: "a", model, usage })),
    );

    const later = { now: new Date("2027-06-01T00:00:00Z") };
    const after = await recordStep(db, run.runId, { stepId: "b", model, usage }, later);
    expect(after.step.cost).toBe("3.0000000000");
  });

  it("answers a retried duplicate in one trip with the stored step; a conflicting reuse is a CONFLICT", async () => {
    const model = `test-model-${uniqueToken().toLowerCase()}`;
    await putPriceOverride(db, {
      model,
      clientId: null,
      effectiveFrom: from,
      inputMtok: "1",
      outputMtok: "2",
    });
    const run = await seedRun(db);
    const request = { stepId: "retry-me", model, usage };
    const first = await recordStep(db, run.runId, request, at);
    expect(first.step.priceDetails).toMatchObject({ source: "override" });

    const counted = counting(db);
    const retry = await recordStep(counted.db, run.runId, request, at);
    expect(counted.calls).toEqual(ONE_TRIP);
    expect(retry.duplicate).toBe(true);
    expect(retry.step).toEqual(first.step);
    expect(retry.run.totalCostExact).toBe(first.run.totalCostExact);

    // Recorded from the catalog, then an override appears: a retry still returns the stored step.
    const catalogRun = await seedRun(db);
    const gpt = { stepId: "g", model: "gpt-4o", usage };
    const stored = await recordStep(db, catalogRun.runId, gpt, at);
    await putPriceOverride(db, {
      model: "gpt-4o",
      clientId: catalogRun.clientId,
      effectiveFrom: from,
      inputMtok: "1",
      outputMtok: "1",
    });
    const late = await recordStep(db, catalogRun.runId, gpt, at);
    expect(late.duplicate).toBe(true);
    expect(late.step).toEqual(stored.step);

    const conflict = counting(db);
    await expectDomainError(
      recordStep(
        conflict.db,
        run.runId,
        { ...request, usage: { input_tokens: 1, output_tokens: 1 } },
        at,
      ),
      "CONFLICT",
      /different request/,
    );
    expect(conflict.calls).toEqual(ONE_TRIP);
    expect(await stepCount(db, run.runId)).toBe(1);
    expect(await runTotals(db, run.runId)).toMatchObject({ totalCostExact: "3.0000000000" });
  });

  it("keeps NOT_FOUND, pending CONFLICT and VALIDATION answers on the one-trip path", async () => {
    const missing = await expectDomainError(
      recordStep(db, "RUN_19990101_000001", { stepId: "x", model: "gpt-4o", usage }),
      "NOT_FOUND",
      /^run RUN_19990101_000001 not found$/,
    );
    expect(missing.details).toEqual({ run: "RUN_19990101_000001" });
    const pending = await seedRun(db, { status: "pending" });
    await expectDomainError(
      recordStep(db, pending.runId, { stepId: "p", model: "gpt-4o", usage }),
      "CONFLICT",
      /pending/,
    );
  });

  it("inside a caller's transaction takes the exact path and never aborts it", async () => {
    const model = `test-model-${uniqueToken().toLowerCase()}`;
    await putPriceOverride(db, {
      model,
      clientId: null,
      effectiveFrom: from,
      inputMtok: "1",
      outputMtok: "2",
    });
    const run = await seedRun(db);
    const [overridden, catalog] = await db.db.transaction(async (tx) => [
      await recordStep(tx, run.runId, { stepId: "a", model, usage }, at),
      await recordStep(tx, run.runId, { stepId: "b", model: "gpt-4o", usage }, at),
    ]);
    expect(overridden?.step.cost).toBe("3.0000000000");
    expect(catalog?.step.cost).toBe("12.5000000000");
    expect(await stepCount(db, run.runId)).toBe(2);
  });

  it("record_run_step: p_override_models raises CLPO1 and writes nothing; NULL skips the check", async () => {
    const model = `test-model-${uniqueToken().toLowerCase()}`;
    await putPriceOverride(db, {
      model: `prov/${model}`,
      clientId: null,
      effectiveFrom: from,
      inputMtok: "1",
      outputMtok: "2",
    });
    const run = await seedRun(db);
    const call = (stepId: string, keys: string | null) =>
      rows(
        db,
        sql`select * from public.record_run_step(p_run_id => ${run.runId}, p_step_id => ${stepId},
              p_input_tokens => 1, p_output_tokens => 2, p_cost => 0.25, p_request_fingerprint => 'f',
              p_model => ${model}::text, p_override_models => ${keys}::text[])`,
      );
    expect(await sqlstateOf(call("s", `{${model}}`))).toBe(OVERRIDE_MAY_APPLY_SQLSTATE);
    expect(await stepCount(db, run.runId)).toBe(0);
    expect(await runTotals(db, run.runId)).toMatchObject({ totalTokens: 0 });
    expect(await call("s", `{other-model}`)).toHaveLength(1);
    expect(await call("t", null)).toHaveLength(1);
    // A stored step is answered as a duplicate before any override check.
    const [duplicate] = await call("s", `{${model}}`);
    expect(duplicate?.duplicate).toBe(true);
    // Still callable positionally with the first six arguments (pgbench).
    const [positional] = await rows(
      db,
      sql`select * from public.record_run_step(${run.runId}, 'u', 1, 2, 0.25, 'f')`,
    );
    expect(positional?.duplicate).toBe(false);
    expect(await stepCount(db, run.runId)).toBe(3);
  });
});

describe.skipIf(!process.env.DATABASE_URL)(
  "recordStep's paths under concurrency (postgres)",
  () => {
    let db: TestDb;
    let wide: Database;
    beforeAll(async () => {
      db = await openTestDb("postgres");
      wide = await createDb({ databaseUrl: db.databaseUrl ?? "", poolSize: 16 });
    });
    afterAll(async () => {
      await wide?.close();
      await db?.close();
    });

    it("16 connections mixing overridden and catalog steps with retries: exact prices, totals equal the ledger", async () => {
      const model = `test-model-${uniqueToken().toLowerCase()}`;
      const client = await seedClient(db);
      await putPriceOverride(db, {
        model,
        clientId: client.clientId,
        effectiveFrom: from,
        inputMtok: "1",
        outputMtok: "2",
      });
      const run = await seedRun(db, { clientId: client.clientId });
      const requests: RecordStepInput[] = Array.from({ length: 600 }, (_, i) => ({
        stepId: `step-${i % 500}`,
        model: (i % 500) % 2 === 0 ? model : "gpt-4o",
        usage: { input_tokens: 1000, output_tokens: 1000 },
      }));
      const results: RecordStepResult[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let index = next++; index < requests.length; index = next++) {
            results.push(await recordStep(wide, run.runId, requests[index] as RecordStepInput, at));
          }
        }),
      );
      expect(results.filter((result) => result.duplicate)).toHaveLength(100);
      for (const result of results) {
        expect(result.step.cost).toBe(
          result.step.model === model ? "0.0030000000" : "0.0125000000",
        );
      }
      const [ledger] = await rows(
        db,
        sql`SELECT count(*)::int AS steps, sum(cost)::text AS exact FROM v2_run_steps WHERE run_id = ${run.runId}`,
      );
      expect(ledger).toEqual({ steps: 500, exact: "3.8750000000" });
      expect(await runTotals(db, run.runId)).toMatchObject({ totalCostExact: "3.8750000000" });
    });
  },
);
