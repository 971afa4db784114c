import { createHash } from "node:crypto";
import { parseUsage } from "@columnline/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSteps, recordStep, stepBatchCounters } from "../src/index";
import { canonicalJson } from "../src/internal/canonical-json";
import { requestFingerprint } from "../src/repo/steps/request-fingerprint";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { expectDomainError, rows, runTotals, seedRun, sqlstateOf } from "./helpers";

const now = { now: new Date("2026-01-15T18:20:00Z") };

/** How steps were fingerprinted before usage had counts beyond the five token columns. */
function fingerprintBefore0004(step: {
  stepId: string;
  stepName: string | null;
  model: string | null;
  usage: { input_tokens: number; output_tokens: number } & Record<string, number>;
}): string {
  const usage = {
    input_tokens: step.usage.input_tokens,
    output_tokens: step.usage.output_tokens,
    cache_read_tokens: step.usage.cache_read_tokens ?? 0,
    cache_write_tokens: step.usage.cache_write_tokens ?? 0,
    reasoning_tokens: step.usage.reasoning_tokens ?? 0,
  };
  const request = { ...step, usage, reportedCost: null };
  return createHash("sha256").update(canonicalJson(request)).digest("hex");
}

describe.each(testEngines())("usage counts beyond the token columns (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine, { stepBatching: { maxInFlight: 1, maxBatchSize: 8 } });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("stores and returns them, priced or not, and charges them", async () => {
    const run = await seedRun(db);
    const sonar = await recordStep(
      db,
      run.runId,
      {
        stepId: "sonar",
        model: "sonar",
        usage: { input_tokens: 1000, output_tokens: 500, requests: 2 },
      },
      now,
    );
    // 1000 x 1 + 500 x 1 per Mtok, 2 requests at 12 per thousand
    expect(sonar.step).toMatchObject({ cost: "0.0255000000", usageDetails: { requests: 2 } });
    const unpriced = await recordStep(
      db,
      run.runId,
      {
        stepId: "mine",
        model: "house-model",
        usage: {
          input_tokens: 100,
          output_tokens: 50,
          cache_write_tokens: 20,
          cache_write_1h_tokens: 10,
          web_searches: 3,
          requests: 1,
        },
      },
      now,
    );
    expect(unpriced.step).toMatchObject({
      costSource: "unpriced",
      cacheWriteTokens: 20,
      usageDetails: { cache_write_1h_tokens: 10, web_searches: 3 },
    });
    const plain = await recordStep(
      db,
      run.runId,
      { stepId: "plain", model: "gpt-4o", usage: { input_tokens: 10, output_tokens: 5 } },
      now,
    );
    expect(plain.step.usageDetails).toBeNull();
    const listed = await listSteps(db, run.runId);
    expect(listed.map((step) => [step.stepId, step.usageDetails])).toEqual([
      ["sonar", { requests: 2 }],
      ["mine", { cache_write_1h_tokens: 10, web_searches: 3 }],
      ["plain", null],
    ]);
  });

  it("keeps the fingerprint of a request that reports none of them", () => {
    const step = {
      stepId: "s",
      stepName: "research",
      model: "gpt-4o",
      usage: { input_tokens: 1000, output_tokens: 500, cache_read_tokens: 200 },
    };
    const before = fingerprintBefore0004(step);
    const parsed = { ...step, usage: parseUsage(step.usage), reportedCost: null };
    expect(requestFingerprint(parsed)).toBe(before);
    // Spelling out a default is the same request.
    const spelled = parseUsage({ ...step.usage, requests: 1, web_searches: 0 });
    expect(requestFingerprint({ ...parsed, usage: spelled })).toBe(before);
    expect(
      requestFingerprint({ ...parsed, usage: parseUsage({ ...step.usage, requests: 2 }) }),
    ).not.toBe(before);
  });

  it("answers a retry of a step recorded before them as a duplicate, and another usage as a conflict", async () => {
    const run = await seedRun(db);
    const step = {
      stepId: "old",
      stepName: null,
      model: "gpt-4o",
      usage: { input_tokens: 1000, output_tokens: 500 },
    };
    // Recorded the way the previous release called record_run_step: no p_usage_details.
    await rows(
      db,
      sql`SELECT * FROM record_run_step(${run.runId}, 'old', 1000, 500, 0.0075,
            ${fingerprintBefore0004(step)}, p_model => 'gpt-4o')`,
    );
    const retry = await recordStep(
      db,
      run.runId,
      { ...step, usage: { ...step.usage, requests: 1 } },
      now,
    );
    expect(retry).toMatchObject({ duplicate: true, step: { usageDetails: null } });
    await expectDomainError(
      recordStep(db, run.runId, { ...step, usage: { ...step.usage, web_searches: 1 } }, now),
      "CONFLICT",
    );
    expect(await runTotals(db, run.runId)).toMatchObject({
      totalTokens: 1500,
      totalCost: "0.0075",
    });
  });

  it("passes them through record_run_steps when steps are grouped", async () => {
    const run = await seedRun(db);
    const before = stepBatchCounters(db);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        recordStep(
          db,
          run.runId,
          {
            stepId: `g${i}`,
            model: "sonar",
            usage: { input_tokens: 10, output_tokens: 5, requests: i },
          },
          now,
        ),
      ),
    );
    const after = stepBatchCounters(db);
    expect(after.steps - before.steps).toBe(6);
    expect(after.statements - before.statements).toBeLessThan(6); // some went together
    expect(results.map((result) => result.step.usageDetails)).toEqual([
      { requests: 0 },
      null,
      { requests: 2 },
      { requests: 3 },
      { requests: 4 },
      { requests: 5 },
    ]);
    const [element] = await rows(
      db,
      sql`SELECT usage_details FROM record_run_steps(${JSON.stringify([
        {
          run_id: run.runId,
          step_id: "sql",
          input_tokens: 1,
          output_tokens: 1,
          cost: "0",
          request_fingerprint: "f",
          usage_details: { web_searches: 7 },
        },
      ])}::jsonb)`,
    );
    expect(element?.usage_details).toEqual({ web_searches: 7 });
  });

  it("refuses p_usage_details that is not an object of non-negative integer counts", async () => {
    const run = await seedRun(db);
    for (const details of ["[1]", '{"requests": -1}', '{"requests": 1.5}', '{"requests": "2"}']) {
      const call = rows(
        db,
        sql`SELECT * FROM record_run_step(${run.runId}, 'bad', 1, 1, 0, 'f',
              p_usage_details => ${details}::jsonb)`,
      );
      expect(await sqlstateOf(call), details).toBe("22023");
    }
  });
});
