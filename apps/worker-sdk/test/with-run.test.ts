import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun, recordStep, withRun } from "../src/index.js";
import { startTestApi, type TestApi } from "./support/test-api.js";

const research = { input_tokens: 1000, output_tokens: 500 }; // gpt-4o: $0.0075
const writing = { input_tokens: 1000, output_tokens: 500 }; // claude-sonnet-4-5: $0.0105

describe.each(testEngines())("withRun against the API on %s", (engine) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(engine);
  });
  afterAll(async () => {
    await api?.close();
  });

  it("creates a running run, records each step's usage, completes it and answers the cost", async () => {
    const clientId = await api.newClientId();

    const { result, run } = await withRun(
      api.admin,
      { clientId, seedData: { lead: "acme" } },
      async (scope) => {
        const notes = await scope.step("research", async () => ({
          result: "notes",
          usage: research,
          model: "gpt-4o",
        }));
        const draft = await scope.step(
          "write",
          async () => ({ result: `${notes} → draft`, usage: writing }),
          {
            model: "claude-sonnet-4-5",
          },
        );
        return draft;
      },
    );

    expect(result).toBe("notes → draft");
    expect(run).toMatchObject({
      status: "completed",
      total_tokens: 3000,
      total_cost: "0.0180",
      triggered_by: "api",
    });
    const steps = await api.admin.steps.list.query({ run_id: run.run_id });
    expect(steps.map((step) => [step.step_id, step.model, step.cost])).toEqual([
      [`${run.run_id}:research`, "gpt-4o", "0.0075"],
      [`${run.run_id}:write`, "claude-sonnet-4-5", "0.0105"],
    ]);
  });

  it("starts an existing pending run, e.g. one Make.com created", async () => {
    const pending = await createRun(api.admin, {
      clientId: await api.newClientId(),
      triggeredBy: "make.com",
    });

    const { run } = await withRun(api.admin, { runId: pending.run_id }, async () => "done");

    expect(pending.status).toBe("pending");
    expect(run).toMatchObject({
      run_id: pending.run_id,
      status: "completed",
      triggered_by: "make.com",
    });
  });

  it("fails the run with the error's message and rethrows the very error", async () => {
    const clientId = await api.newClientId();
    const thrown = new Error("OpenAI answered 500 three times");
    let runId = "";

    const caught = await withRun(api.admin, { clientId }, async (scope) => {
      runId = scope.runId;
      await scope.step("research", async () => ({
        result: null,
        usage: research,
        model: "gpt-4o",
      }));
      throw thrown;
    }).catch((error: unknown) => error);

    expect(caught).toBe(thrown);
    const run = await api.admin.runs.get.query({ run_id: runId });
    // The money already spent stays on the run.
    expect(run).toMatchObject({
      status: "failed",
      error_message: "OpenAI answered 500 three times",
      total_cost: "0.0075",
    });
  });

  it("gives repeated step names their own stable ids and records nothing for a step that throws", async () => {
    const { run } = await withRun(
      api.admin,
      { clientId: await api.newClientId() },
      async (scope) => {
        await Promise.all(
          [1, 2].map(() =>
            scope.step("summarize", async () => ({ result: 0, usage: research, model: "gpt-4o" })),
          ),
        );
        await scope
          .step("flaky", async () => Promise.reject(new Error("timeout")))
          .catch(() => null);
      },
    );

    const steps = await api.admin.steps.list.query({ run_id: run.run_id });
    expect(steps.map((step) => step.step_id).sort()).toEqual([
      `${run.run_id}:summarize`,
      `${run.run_id}:summarize:2`,
    ]);
  });

  it("derives the same step id on every attempt, so recording a step twice counts it once", async () => {
    const run = await createRun(api.admin, {
      clientId: await api.newClientId(),
      status: "running",
    });
    const step = { stepName: "enrich", model: "gpt-4o", usage: research };

    const first = await recordStep(api.admin, run.run_id, step);
    const again = await recordStep(api.admin, run.run_id, step);

    expect([first.duplicate, again.duplicate]).toEqual([false, true]);
    expect(again.step.step_id).toBe(first.step.step_id);
    expect(again.run.total_tokens).toBe(1500);
  });
});
