import { setTimeout as sleep } from "node:timers/promises";
import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun, recordStep, withRun } from "../src/index.js";
import { startTestApi, type TestApi } from "./support/test-api.js";

const usage = { input_tokens: 1000, output_tokens: 500 };

describe.each(testEngines())("step timing and metadata through the SDK on %s", (engine) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(engine);
  });
  afterAll(async () => {
    await api?.close();
  });

  it("scope.step times its callback and records the metadata it is given", async () => {
    const before = Date.now();
    const { run } = await withRun(
      api.admin,
      { clientId: await api.newClientId() },
      async (scope) => {
        await scope.step(
          "research",
          async () => {
            await sleep(60);
            return { result: null, usage, model: "gpt-4o", metadata: { finish_reason: "stop" } };
          },
          { metadata: { prompt_version: "v3", finish_reason: "unknown" } },
        );
        // A response handed over ran before the SDK saw it: no timing to measure.
        await scope.step("summary", {
          model: "gpt-4o",
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        });
      },
    );
    const after = Date.now();

    const [timed, handed] = await api.admin.steps.list.query({ run_id: run.run_id });
    expect(timed?.metadata).toEqual({ prompt_version: "v3", finish_reason: "stop" });
    const startedAt = Date.parse(timed?.started_at ?? "");
    expect(startedAt).toBeGreaterThanOrEqual(before);
    expect(timed?.duration_ms).toBeGreaterThanOrEqual(55);
    expect(startedAt + (timed?.duration_ms ?? 0)).toBeLessThanOrEqual(after);
    expect(timed?.completed_at).toBe(new Date(startedAt + (timed?.duration_ms ?? 0)).toISOString());
    expect(handed).toMatchObject({ started_at: null, duration_ms: null, metadata: null });
  });

  it("recordStep sends timing and metadata, and a retry of the same step is a duplicate", async () => {
    const run = await createRun(api.admin, {
      clientId: await api.newClientId(),
      status: "running",
    });
    const step = {
      stepName: "enrich",
      model: "gpt-4o",
      usage,
      startedAt: new Date("2026-01-15T18:12:38.250Z"),
      completedAt: "2026-01-15T18:12:40.000Z",
      metadata: { attempt: 1 },
    };
    const first = await recordStep(api.admin, run.run_id, step);
    const again = await recordStep(api.admin, run.run_id, step);
    expect([first.duplicate, again.duplicate]).toEqual([false, true]);
    expect(first.step).toMatchObject({
      started_at: "2026-01-15T18:12:38.250Z",
      duration_ms: 1750,
      metadata: { attempt: 1 },
    });
    await expect(
      recordStep(api.admin, run.run_id, { ...step, metadata: { attempt: 2 } }),
    ).rejects.toMatchObject({ data: { httpStatus: 409 } });
  });
});
