import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeApiError, withRun } from "../src/index.js";
import {
  anthropicMessage,
  geminiResponse,
  openAIChatCompletion,
  openRouterCompletion,
} from "./fixtures/provider-responses.js";
import { startTestApi, type TestApi } from "./support/test-api.js";

describe.each(testEngines())(
  "scope.step with provider responses, against the API on %s",
  (engine) => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(engine);
    });
    afterAll(async () => {
      await api?.close();
    });

    it("records each response's model and every usage part, and prices them at their own prices", async () => {
      const { result, run } = await withRun(
        api.admin,
        { clientId: await api.newClientId() },
        async (scope) => {
          // A body that returns the response: the step answers it.
          const completion = await scope.step("research", async () => openAIChatCompletion);
          // A response already in hand.
          const message = await scope.step("write", anthropicMessage);
          // A result of your own, with the response beside it.
          const summary = await scope.step("summarize", async () => ({
            result: "summary",
            response: geminiResponse,
          }));
          return [completion.id, message.id, summary];
        },
      );

      expect(result).toEqual([openAIChatCompletion.id, anthropicMessage.id, "summary"]);
      const steps = await api.admin.steps.list.query({ run_id: run.run_id });
      expect(steps.map((step) => [step.step_name, step.model, step.cost, step.usage])).toEqual([
        [
          "research",
          "gpt-4o-2024-08-06",
          // 86 uncached x 2.5 + 1,920 cached x 1.25 + 300 out x 10, per million
          "0.005615",
          {
            input_tokens: 2006,
            output_tokens: 300,
            cache_read_tokens: 1920,
            cache_write_tokens: 0,
            reasoning_tokens: 0,
          },
        ],
        [
          "write",
          "claude-sonnet-4-5-20250929",
          // 50 x 3 + 10,000 read x 0.3 + 1,000 5-minute writes x 3.75 + 2,000 1-hour writes x 6
          // + 400 out x 15, per million, and 2 web searches at 10 per thousand
          "0.0449",
          {
            input_tokens: 13050,
            output_tokens: 400,
            cache_read_tokens: 10000,
            cache_write_tokens: 3000,
            reasoning_tokens: 0,
            cache_write_1h_tokens: 2000,
            web_searches: 2,
          },
        ],
        [
          "summarize",
          "gemini-2.5-flash",
          // 200 text x 0.3 + 400 uncached audio x 1 + 800 cached text x 0.03 + 200 cached audio
          // x 0.1 + 700 out (thoughts included) x 2.5, per million
          "0.002254",
          {
            input_tokens: 1600,
            output_tokens: 700,
            cache_read_tokens: 1000,
            cache_write_tokens: 0,
            reasoning_tokens: 500,
            input_audio_tokens: 600,
            cache_audio_read_tokens: 200,
          },
        ],
      ]);
      // The 1-hour writes at the 1-hour price, the 5-minute ones at the cache-write price.
      expect(steps[1]?.price_details).toMatchObject({
        components: expect.arrayContaining([
          expect.objectContaining({ key: "cache_write_mtok", quantity: 1000, unit_price: "3.75" }),
          expect.objectContaining({ key: "cache_write_1h_mtok", quantity: 2000, unit_price: "6" }),
        ]),
      });
      // The cached reads at the cached price.
      expect(steps[0]?.price_details).toMatchObject({
        components: expect.arrayContaining([
          expect.objectContaining({ key: "cache_read_mtok", quantity: 1920, unit_price: "1.25" }),
        ]),
      });
      expect(run).toMatchObject({ status: "completed", total_tokens: 18056, total_cost: "0.0528" });
    });

    it("sends OpenRouter's charge as the step's cost; a provider named outright is taken at its word", async () => {
      const { run } = await withRun(
        api.admin,
        { clientId: await api.newClientId() },
        async (scope) => {
          await scope.step("route", { provider: "openrouter", response: openRouterCompletion });
          await scope.step("bare", {
            provider: "anthropic",
            response: {
              model: "claude-sonnet-4-5",
              usage: { input_tokens: 1000, output_tokens: 500 },
            },
          });
        },
      );

      const steps = await api.admin.steps.list.query({ run_id: run.run_id });
      expect(steps.map((step) => [step.model, step.cost, step.cost_source])).toEqual([
        ["openai/gpt-4o", "0.00123", "reported"],
        ["claude-sonnet-4-5", "0.0105", "computed"],
      ]);
      expect(steps[0]?.usage).toMatchObject({ cache_read_tokens: 64, cache_write_tokens: 100 });
    });

    it("lets the API refuse a response whose parts exceed their whole, failing the run", async () => {
      const inconsistent = {
        ...openAIChatCompletion,
        usage: { ...openAIChatCompletion.usage, prompt_tokens_details: { cached_tokens: 3000 } },
      };
      let runId = "";
      const caught = await withRun(
        api.admin,
        { clientId: await api.newClientId() },
        async (scope) => {
          runId = scope.runId;
          await scope.step("research", inconsistent);
        },
      ).catch((error: unknown) => error);

      expect(describeApiError(caught)).toMatchObject({ status: 400 });
      expect(describeApiError(caught).message).toContain(
        "cache_read_tokens (3000) must not exceed input_tokens (2006)",
      );
      const run = await api.admin.runs.get.query({ run_id: runId });
      expect(run).toMatchObject({ status: "failed", total_tokens: 0 });
    });

    it("refuses a response it cannot place, recording nothing", async () => {
      let runId = "";
      const caught = await withRun(
        api.admin,
        { clientId: await api.newClientId() },
        async (scope) => {
          runId = scope.runId;
          await scope.step("mystery", {
            model: "x",
            usage: { input_tokens: 10, output_tokens: 5 },
          });
        },
      ).catch((error: unknown) => error);

      expect(caught).toBeInstanceOf(TypeError);
      expect((caught as TypeError).message).toContain("Cannot tell which provider");
      expect(await api.admin.steps.list.query({ run_id: runId })).toEqual([]);
    });
  },
);
