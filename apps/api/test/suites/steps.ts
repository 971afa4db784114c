import { beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  createRun,
  expectError,
  expectStatus,
  getRun,
  issuePaths,
  type RecordStepJson,
  recordStep,
  runningRun,
  type StepJson,
  usage,
} from "../fixtures";
import { freshRunId, type TestApi } from "../harness";
import type { SuiteEnv } from "./suite-env";

const MONEY4 = /^\d+\.\d{4}$/;
const DECIMAL = /^\d+(\.\d*[1-9])?$/;
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export function stepsSuite(env: SuiteEnv): void {
  describe("steps over REST", () => {
    let api: TestApi;
    let clientId: string;
    beforeAll(async () => {
      api = env.api;
      clientId = await createClient(api);
    });

    it("records a step: 201 {step, run, duplicate:false} with the exact cost (gpt-4o 1000/500 = 0.0075)", async () => {
      const run = await runningRun(api, clientId);
      const response = await api.rest<RecordStepJson>("POST", `/runs/${run.run_id}/steps`, {
        step_id: "research",
        step_name: "Research the lead",
        model: "gpt-4o",
        usage: usage(1000, 500),
      });
      const result = expectStatus(response, 201);
      expect(result.duplicate).toBe(false);
      expect(result.step).toMatchObject({
        run_id: run.run_id,
        step_id: "research",
        step_name: "Research the lead",
        model: "gpt-4o",
        provider: "openai",
        usage: {
          input_tokens: 1000,
          output_tokens: 500,
          cache_read_tokens: 0,
          cache_write_tokens: 0,
          reasoning_tokens: 0,
        },
        tokens: 1500,
        cost: "0.0075",
        cost_source: "computed",
        unpriced_reason: null,
        late: false,
      });
      expect(result.step.price_details).toMatchObject({
        source: "catalog",
        model_id: "gpt-4o",
        provider_id: "openai",
        unit_prices: { input_mtok: "2.5", output_mtok: "10" },
      });
      expect(result.run).toMatchObject({
        run_id: run.run_id,
        client_id: clientId,
        status: "running",
        total_tokens: 1500,
        total_cost: "0.0075",
        total_cost_exact: "0.0075",
      });
      expect(await getRun(api, run.run_id)).toMatchObject({
        total_tokens: 1500,
        total_cost: "0.0075",
      });
    });

    it("prices claude-sonnet-4-5 at 1000/500 at exactly 0.0105 and adds up the run", async () => {
      const run = await runningRun(api, clientId);
      const claude = await recordStep(api, run.run_id, {
        step_id: "write",
        model: "claude-sonnet-4-5",
        usage: usage(1000, 500),
      });
      expect(claude.step).toMatchObject({ cost: "0.0105", provider: "anthropic" });
      const gpt = await recordStep(api, run.run_id, {
        step_id: "review",
        model: "openai/gpt-4o",
        usage: usage(1000, 500),
      });
      expect(gpt.step.cost).toBe("0.0075");
      expect(gpt.run).toMatchObject({ total_tokens: 3000, total_cost: "0.0180" });
    });

    it("keeps sub-cent costs exact in the run total and rounds only the total (half away from zero)", async () => {
      const run = await runningRun(api, clientId);
      for (let i = 0; i < 3; i++) {
        await recordStep(api, run.run_id, {
          step_id: `tiny-${i}`,
          model: "gpt-4o",
          usage: usage(21, 0),
        });
      }
      // 3 steps x 21 gpt-4o input tokens x 2.5 / 1e6 = 0.0001575 exactly; the total shows 0.0002.
      const totals = await getRun(api, run.run_id);
      expect(totals.total_cost_exact).toBe("0.0001575");
      expect(totals.total_cost).toBe("0.0002");
    });

    it("answers a retried step (same step_id, same body) with 200 and counts it once", async () => {
      const run = await runningRun(api, clientId);
      const body = {
        step_id: "enrich",
        step_name: "Enrich",
        model: "gpt-4o",
        usage: { input_tokens: 1000, output_tokens: 500, cache_read_tokens: 200 },
      };
      const first = await recordStep(api, run.run_id, body, 201);
      const retry = await recordStep(api, run.run_id, body, 200);
      expect(retry.duplicate).toBe(true);
      expect(retry.step).toEqual(first.step);
      expect(retry.run).toMatchObject({
        total_tokens: first.run.total_tokens,
        total_cost: first.run.total_cost,
      });
      // Concurrent retries: still counted once.
      const concurrent = await Promise.all(
        Array.from({ length: 4 }, () =>
          api.rest<RecordStepJson>("POST", `/runs/${run.run_id}/steps`, body),
        ),
      );
      expect(concurrent.map((response) => response.status)).toEqual([200, 200, 200, 200]);
      const stored = await getRun(api, run.run_id);
      expect(stored.total_tokens).toBe(1500);
      expect(stored.total_cost_exact).toBe(first.step.cost);
      const steps = expectStatus(
        await api.rest<StepJson[]>("GET", `/runs/${run.run_id}/steps`),
        200,
      );
      expect(steps).toHaveLength(1);
    });

    it("counts a step sent concurrently for the first time exactly once", async () => {
      const run = await runningRun(api, clientId);
      const body = { step_id: "race", model: "gpt-4o", usage: usage(1000, 500) };
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          api.rest<RecordStepJson>("POST", `/runs/${run.run_id}/steps`, body),
        ),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([
        200, 200, 200, 200, 201,
      ]);
      expect(await getRun(api, run.run_id)).toMatchObject({
        total_tokens: 1500,
        total_cost: "0.0075",
      });
    });

    it("treats a reported cost sent as a number or as an equal decimal string as the same request", async () => {
      const run = await runningRun(api, clientId);
      const step = { step_id: "priced-by-provider", model: "gpt-4o", usage: usage(10, 10) };
      await recordStep(api, run.run_id, { ...step, cost_usd: 0.1 }, 201);
      const retry = await recordStep(api, run.run_id, { ...step, cost_usd: "0.10" }, 200);
      expect(retry.duplicate).toBe(true);
    });

    it("answers the same step_id with a different body with 409 and changes nothing", async () => {
      const run = await runningRun(api, clientId);
      const body = { step_id: "score", model: "gpt-4o", usage: usage(1000, 500) };
      await recordStep(api, run.run_id, body);
      for (const change of [
        { usage: usage(1000, 501) },
        { model: "gpt-4o-mini" },
        { step_name: "renamed" },
        { cost_usd: "0.01" },
      ]) {
        const error = expectError(
          await api.rest("POST", `/runs/${run.run_id}/steps`, { ...body, ...change }),
          409,
          "CONFLICT",
        );
        expect(error.message).toContain("score");
      }
      expect(await getRun(api, run.run_id)).toMatchObject({
        total_tokens: 1500,
        total_cost: "0.0075",
      });
    });

    it("refuses a step on a pending run with 409", async () => {
      const run = await createRun(api, clientId);
      const error = expectError(
        await api.rest("POST", `/runs/${run.run_id}/steps`, {
          step_id: "early",
          model: "gpt-4o",
          usage: usage(1, 1),
        }),
        409,
        "CONFLICT",
      );
      // It says what to do: start the run, with the very call that does it.
      expect(error.message).toBe(
        `run ${run.run_id} is pending; steps can be recorded once it is running. Start it: POST /api/v1/runs/${run.run_id}/start`,
      );
      expect(await getRun(api, run.run_id)).toMatchObject({ status: "pending", total_tokens: 0 });
      expect(expectStatus(await api.rest("GET", `/runs/${run.run_id}/steps`), 200)).toEqual([]);
    });

    it.each([
      ["complete", undefined],
      ["fail", { error_message: "gave up" }],
    ] as const)(
      "records a late step on a run that went through %s: 201, late, status unchanged, totals include it",
      async (action, body) => {
        const run = await runningRun(api, clientId);
        await recordStep(api, run.run_id, {
          step_id: "a",
          model: "gpt-4o",
          usage: usage(1000, 500),
        });
        const finished = expectStatus(
          await api.rest<{ status: string }>("POST", `/runs/${run.run_id}/${action}`, body),
          200,
        );
        const late = await recordStep(api, run.run_id, {
          step_id: "b",
          model: "claude-sonnet-4-5",
          usage: usage(1000, 500),
        });
        expect(late.step.late).toBe(true);
        expect(late.run).toMatchObject({
          status: finished.status,
          total_tokens: 3000,
          total_cost: "0.0180",
        });
        const stored = await getRun(api, run.run_id);
        expect(stored.status).toBe(action === "complete" ? "completed" : "failed");
        expect(stored).toMatchObject({ total_tokens: 3000, total_cost: "0.0180" });
      },
    );

    it("keeps a step of an unknown model unpriced (cost null, reason set) but counts its tokens", async () => {
      const run = await runningRun(api, clientId);
      const result = await recordStep(api, run.run_id, {
        step_id: "mystery",
        model: "acme-llm-9000",
        usage: usage(700, 300),
      });
      expect(result.step).toMatchObject({
        cost: null,
        cost_source: "unpriced",
        price_details: null,
        tokens: 1000,
      });
      expect(result.step.unpriced_reason).toMatch(/acme-llm-9000/);
      expect(result.run).toMatchObject({ total_tokens: 1000, total_cost: "0.0000" });

      const noModel = await recordStep(api, run.run_id, {
        step_id: "no-model",
        usage: usage(5, 5),
      });
      expect(noModel.step).toMatchObject({ cost: null, cost_source: "unpriced", model: null });
      expect(noModel.step.unpriced_reason).toBeTruthy();
      expect(noModel.run.total_tokens).toBe(1010);
    });

    it("lets a reported cost_usd win over the computed one (cost_source reported)", async () => {
      const run = await runningRun(api, clientId);
      const result = await recordStep(api, run.run_id, {
        step_id: "billed",
        model: "gpt-4o",
        usage: usage(1000, 500),
        cost_usd: "0.0123456789",
      });
      expect(result.step).toMatchObject({ cost: "0.0123456789", cost_source: "reported" });
      // The computed prices are still kept for audit.
      expect(result.step.price_details).toMatchObject({ source: "catalog" });
      expect(result.run).toMatchObject({
        total_cost: "0.0123",
        total_cost_exact: "0.0123456789",
      });

      const unknown = await recordStep(api, run.run_id, {
        step_id: "billed-unknown-model",
        model: "acme-llm-9000",
        usage: usage(1, 1),
        cost_usd: 0.5,
      });
      expect(unknown.step).toMatchObject({
        cost: "0.5",
        cost_source: "reported",
        unpriced_reason: null,
      });
    });

    it("charges cached and reasoning tokens as parts of input and output", async () => {
      const run = await runningRun(api, clientId);
      const result = await recordStep(api, run.run_id, {
        step_id: "cached",
        model: "gpt-4o",
        usage: {
          input_tokens: 1000,
          cache_read_tokens: 400,
          output_tokens: 500,
          reasoning_tokens: 100,
        },
      });
      // 600 x 2.5 + 400 x 1.25 + 500 x 10 = 7000 per Mtok.
      expect(result.step.cost).toBe("0.007");
      expect(result.step.tokens).toBe(1500);
    });

    it("answers 400 naming the field for usage parts larger than their whole and other bad input", async () => {
      const run = await runningRun(api, clientId);
      const cases: [Record<string, unknown>, string][] = [
        [
          { usage: { input_tokens: 10, output_tokens: 5, cache_read_tokens: 11 } },
          "usage.cache_read_tokens",
        ],
        [
          { usage: { input_tokens: 10, output_tokens: 5, cache_write_tokens: 11 } },
          "usage.cache_write_tokens",
        ],
        [
          { usage: { input_tokens: 10, output_tokens: 5, reasoning_tokens: 6 } },
          "usage.reasoning_tokens",
        ],
        [{ usage: { input_tokens: -1, output_tokens: 5 } }, "usage.input_tokens"],
        [{ usage: { input_tokens: 1.5, output_tokens: 5 } }, "usage.input_tokens"],
        [{ usage: { input_tokens: 10 } }, "usage.output_tokens"],
        [
          { usage: { input_tokens: 2_000_000_000, output_tokens: 2_000_000_000 } },
          "usage.output_tokens",
        ],
        [{ usage: { input_tokens: 3_000_000_000, output_tokens: 0 } }, "usage.input_tokens"],
        [{ usage: usage(1, 1), cost_usd: "-0.01" }, "cost_usd"],
        [{ usage: usage(1, 1), cost_usd: "abc" }, "cost_usd"],
        [{ usage: usage(1, 1), cost_usd: "10000000000" }, "cost_usd"],
        [{ usage: usage(1, 1), step_id: "" }, "step_id"],
        [{ usage: usage(1, 1), step_id: "   " }, "step_id"],
        [{ usage: usage(1, 1), step_name: "" }, "step_name"],
        [{ usage: usage(1, 1), model: " " }, "model"],
        [{ usage: usage(1, 1), tokens: 2 }, "tokens"],
        [{}, "usage"],
      ];
      for (const [fields, path] of cases) {
        const error = expectError(
          await api.rest("POST", `/runs/${run.run_id}/steps`, { step_id: "bad", ...fields }),
          400,
          "VALIDATION",
        );
        expect(issuePaths(error), JSON.stringify(fields)).toContain(path);
        expect(issuePaths(error), JSON.stringify(fields)).toHaveLength(1);
      }
      expect(await getRun(api, run.run_id)).toMatchObject({ total_tokens: 0 });
      expect(expectStatus(await api.rest("GET", `/runs/${run.run_id}/steps`), 200)).toEqual([]);
    });

    it("answers 422 when a step would overflow the run's total_cost, recording nothing", async () => {
      const run = await runningRun(api, clientId);
      await recordStep(api, run.run_id, { step_id: "a", usage: usage(1, 0), cost_usd: "999999" });
      expectError(
        await api.rest("POST", `/runs/${run.run_id}/steps`, {
          step_id: "b",
          usage: usage(1, 0),
          cost_usd: "1",
        }),
        422,
        "OVERFLOW",
      );
      expect(await getRun(api, run.run_id)).toMatchObject({
        total_tokens: 1,
        total_cost: "999999.0000",
      });
    });

    it("answers 404 for steps of an unknown run", async () => {
      const runId = freshRunId();
      const error = expectError(
        await api.rest("POST", `/runs/${runId}/steps`, { step_id: "a", usage: usage(1, 1) }),
        404,
        "NOT_FOUND",
      );
      expect(error.message).toContain(runId);
      expectError(await api.rest("GET", `/runs/${runId}/steps`), 404, "NOT_FOUND");
    });

    it("lists a run's steps in recording order", async () => {
      const run = await runningRun(api, clientId);
      const ids = ["z-first", "a-second", "m-third"];
      for (const stepId of ids) {
        await recordStep(api, run.run_id, {
          step_id: stepId,
          model: "gpt-4o",
          usage: usage(10, 10),
        });
      }
      const steps = expectStatus(
        await api.rest<StepJson[]>("GET", `/runs/${run.run_id}/steps`),
        200,
      );
      expect(steps.map((step) => step.step_id)).toEqual(ids);
      expect(steps.every((step) => step.run_id === run.run_id)).toBe(true);
    });

    it("formats money as decimal strings, tokens as integers and times as ISO-8601 UTC", async () => {
      const run = await runningRun(api, clientId);
      const result = await recordStep(api, run.run_id, {
        step_id: "formats",
        model: "claude-sonnet-4-5",
        usage: usage(1234, 567),
      });
      const stored = await getRun(api, run.run_id);
      const [step] = expectStatus(
        await api.rest<StepJson[]>("GET", `/runs/${run.run_id}/steps`),
        200,
      );
      expect(step).toBeDefined();
      if (!step) return;

      expect(stored.total_cost).toMatch(MONEY4);
      expect(stored.total_cost_exact).toMatch(DECIMAL);
      expect(result.run.total_cost).toMatch(MONEY4);
      expect(step.cost).toMatch(DECIMAL);
      expect(step.cost).toBe("0.012207"); // 1234 x 3 + 567 x 15 = 12207 per Mtok
      for (const value of [
        stored.total_tokens,
        step.tokens,
        step.usage.input_tokens,
        step.usage.output_tokens,
        step.usage.cache_read_tokens,
        result.run.total_tokens,
      ]) {
        expect(Number.isInteger(value)).toBe(true);
      }
      for (const time of [
        stored.started_at,
        stored.created_at,
        stored.updated_at,
        stored.last_activity_at,
        step.recorded_at,
        result.run.last_activity_at,
      ]) {
        expect(time).toMatch(ISO_UTC);
        expect(new Date(time).toISOString()).toBe(time);
      }
      const completed = expectStatus(
        await api.rest<{ completed_at: string }>("POST", `/runs/${run.run_id}/complete`),
        200,
      );
      expect(completed.completed_at).toMatch(ISO_UTC);
    });
  });
}
