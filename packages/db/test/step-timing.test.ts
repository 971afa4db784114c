import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSteps, recordStep, stepBatchCounters } from "../src/index";
import { requestFingerprint } from "../src/repo/steps/request-fingerprint";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { expectDomainError, rows, runTotals, seedRun, sqlstateOf } from "./helpers";

const now = { now: new Date("2026-01-15T18:20:00Z") };
const usage = { input_tokens: 1000, output_tokens: 500 };
const startedAt = new Date("2026-01-15T18:19:58.250Z");

describe.each(testEngines())("step timing and metadata (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine, { stepBatching: { maxInFlight: 1, maxBatchSize: 8 } });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("stores started_at, duration_ms and metadata and reads them back", async () => {
    const run = await seedRun(db);
    const metadata = { prompt_version: "v3", temperature: 0.2, tags: ["lead", "eu"] };
    const result = await recordStep(
      db,
      run.runId,
      { stepId: "timed", model: "gpt-4o", usage, startedAt, durationMs: 1750, metadata },
      now,
    );
    expect(result.step).toMatchObject({ startedAt, durationMs: 1750, metadata });
    const plain = await recordStep(db, run.runId, { stepId: "plain", model: "gpt-4o", usage }, now);
    expect(plain.step).toMatchObject({ startedAt: null, durationMs: null, metadata: null });
    const listed = await listSteps(db, run.runId);
    expect(
      listed.map((step) => [step.stepId, step.startedAt, step.durationMs, step.metadata]),
    ).toEqual([
      ["timed", startedAt, 1750, metadata],
      ["plain", null, null, null],
    ]);
  });

  it("derives the duration from completedAt, and both given must agree", async () => {
    const run = await seedRun(db);
    const completedAt = new Date(startedAt.getTime() + 1234);
    const result = await recordStep(
      db,
      run.runId,
      { stepId: "ended", usage, startedAt, completedAt },
      now,
    );
    expect(result.step.durationMs).toBe(1234);
    const agreeing = await recordStep(
      db,
      run.runId,
      { stepId: "both", usage, startedAt, completedAt, durationMs: 1234 },
      now,
    );
    expect(agreeing.step.durationMs).toBe(1234);
    const refused = [
      { startedAt, completedAt, durationMs: 1000 },
      { startedAt, completedAt: new Date(startedAt.getTime() - 1) },
      { completedAt },
      { durationMs: -1 },
      { durationMs: 1.5 },
      { durationMs: 7 * 86_400_000 + 1 },
    ];
    for (const timing of refused) {
      await expectDomainError(
        recordStep(db, run.runId, { stepId: "bad", usage, ...timing }, now),
        "VALIDATION",
      );
    }
    expect(await listSteps(db, run.runId)).toHaveLength(2);
  });

  it("refuses metadata that is not an object or over 16 KB, naming the limit", async () => {
    const run = await seedRun(db);
    const large = { notes: "x".repeat(16 * 1024) };
    const error = await expectDomainError(
      recordStep(db, run.runId, { stepId: "big", usage, metadata: large }, now),
      "VALIDATION",
    );
    expect(error.issues?.[0]?.message).toMatch(/at most 16384 bytes \(16 KB\)/);
    await expectDomainError(
      recordStep(db, run.runId, {
        stepId: "list",
        usage,
        metadata: [1, 2] as unknown as Record<string, unknown>,
      }),
      "VALIDATION",
    );
    // Just under the limit is kept: {"notes":"..."} is 12 bytes of JSON around the text.
    const fits = { notes: "x".repeat(16 * 1024 - 12) };
    const kept = await recordStep(db, run.runId, { stepId: "fits", usage, metadata: fits }, now);
    expect(kept.step.metadata).toEqual(fits);
  });

  it("treats the same timing and metadata as a duplicate, and others as a conflict", async () => {
    const run = await seedRun(db);
    const request = {
      stepId: "once",
      model: "gpt-4o",
      usage,
      startedAt,
      durationMs: 900,
      metadata: { a: 1, b: { c: 2 } },
    };
    await recordStep(db, run.runId, request, now);
    // Keys in another order and the end instead of the duration: the same request.
    const retry = await recordStep(
      db,
      run.runId,
      {
        ...request,
        durationMs: null,
        completedAt: new Date(startedAt.getTime() + 900),
        metadata: { b: { c: 2 }, a: 1 },
      },
      now,
    );
    expect(retry.duplicate).toBe(true);
    for (const changed of [
      { metadata: { a: 2, b: { c: 2 } } },
      { metadata: null },
      { durationMs: 901 },
      { startedAt: new Date(startedAt.getTime() + 1) },
    ]) {
      await expectDomainError(
        recordStep(db, run.runId, { ...request, ...changed }, now),
        "CONFLICT",
      );
    }
    expect(await runTotals(db, run.runId)).toMatchObject({
      totalTokens: 1500,
      totalCost: "0.0075",
    });
  });

  it("keeps the fingerprint of a request without timing or metadata", () => {
    const request = { stepId: "s", stepName: null, model: "gpt-4o", reportedCost: null };
    const parsed = {
      ...request,
      usage: { ...usage, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 },
    };
    const before = requestFingerprint(parsed);
    expect(
      requestFingerprint({ ...parsed, startedAt: null, durationMs: null, metadata: null }),
    ).toBe(before);
    expect(requestFingerprint({ ...parsed, durationMs: 0 })).not.toBe(before);
  });

  it("passes them through record_run_steps when steps are grouped", async () => {
    const run = await seedRun(db);
    const before = stepBatchCounters(db);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        recordStep(
          db,
          run.runId,
          { stepId: `g${i}`, model: "gpt-4o", usage, startedAt, durationMs: i, metadata: { i } },
          now,
        ),
      ),
    );
    const after = stepBatchCounters(db);
    expect(after.statements - before.statements).toBeLessThan(6);
    expect(results.map((result) => [result.step.durationMs, result.step.metadata])).toEqual(
      Array.from({ length: 6 }, (_, i) => [i, { i }]),
    );
    expect(
      results.every((result) => result.step.startedAt?.getTime() === startedAt.getTime()),
    ).toBe(true);
  });

  it("refuses a negative or too long p_duration_ms and a p_metadata that is not an object", async () => {
    const run = await seedRun(db);
    for (const [duration, metadata] of [
      [-1, null],
      [604_800_001, null],
      [null, "[1]"],
      [null, '"text"'],
    ] as const) {
      const call = rows(
        db,
        sql`SELECT * FROM record_run_step(${run.runId}, 'bad', 1, 1, 0, 'f',
              p_duration_ms => ${duration}::integer, p_metadata => ${metadata}::jsonb)`,
      );
      expect(await sqlstateOf(call), `${duration} ${metadata}`).toBe("22023");
    }
    expect(await listSteps(db, run.runId)).toEqual([]);
  });
});
