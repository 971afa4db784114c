import { beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  expectError,
  expectStatus,
  getRun,
  issuePaths,
  recordStep,
  runningRun,
  type StepJson,
  usage,
} from "../fixtures";
import { type TestApi, uniqueToken } from "../harness";
import type { SuiteEnv } from "./suite-env";

/** Every price of the catalog's entry is charged, or the step is unpriced saying why. */
export function stepComponentsSuite(env: SuiteEnv): void {
  describe("step price components over REST", () => {
    let api: TestApi;
    let clientId: string;
    beforeAll(async () => {
      api = env.api;
      clientId = await createClient(api);
    });

    const listSteps = async (runId: string) =>
      expectStatus(await api.rest<StepJson[]>("GET", `/runs/${runId}/steps`), 200);

    it("charges Perplexity sonar's per-request fee and records every component", async () => {
      const run = await runningRun(api, clientId);
      const one = await recordStep(api, run.run_id, {
        step_id: "search",
        model: "sonar",
        usage: usage(1000, 500),
      });
      // 1000 + 500 tokens at 1 per Mtok, and one request at 12 per thousand
      expect(one.step).toMatchObject({ cost: "0.0135", provider: "perplexity" });
      expect(one.step.price_details).toMatchObject({
        source: "catalog",
        model_id: "sonar",
        provider_id: "perplexity",
        match: { method: "scan", candidates: ["perplexity/sonar"] },
        exact_cost: "0.0135",
        components: [
          {
            key: "input_mtok",
            usage: "input_tokens",
            quantity: 1000,
            unit_price: "1",
            per: 1_000_000,
            amount: "0.001",
          },
          {
            key: "output_mtok",
            usage: "output_tokens",
            quantity: 500,
            unit_price: "1",
            per: 1_000_000,
            amount: "0.0005",
          },
          {
            key: "requests_kcount",
            usage: "requests",
            quantity: 1,
            unit_price: "12",
            per: 1000,
            amount: "0.012",
          },
        ],
      });
      const three = await recordStep(api, run.run_id, {
        step_id: "search-3",
        model: "sonar",
        usage: { ...usage(1000, 500), requests: 3 },
      });
      expect(three.step).toMatchObject({ cost: "0.0375", usage: { requests: 3 } });
      expect(three.run).toMatchObject({ total_cost_exact: "0.051", total_cost: "0.0510" });
    });

    it("charges Claude's 1-hour cache writes at their price and returns the count", async () => {
      const run = await runningRun(api, clientId);
      const result = await recordStep(api, run.run_id, {
        step_id: "cached-1h",
        model: "claude-sonnet-4-5",
        usage: {
          input_tokens: 1000,
          cache_write_tokens: 800,
          cache_write_1h_tokens: 500,
          output_tokens: 0,
          web_searches: 1,
        },
      });
      // 200 x 3 + 300 x 3.75 + 500 x 6 per Mtok, and one web search at 10 per thousand
      expect(result.step.cost).toBe("0.014725");
      const [stored] = await listSteps(run.run_id);
      expect(stored?.usage).toEqual({
        input_tokens: 1000,
        output_tokens: 0,
        cache_read_tokens: 0,
        cache_write_tokens: 800,
        reasoning_tokens: 0,
        cache_write_1h_tokens: 500,
        web_searches: 1,
      });
    });

    it("leaves a step unpriced, naming the price, when a component cannot be computed", async () => {
      const run = await runningRun(api, clientId);
      const whisper = await recordStep(api, run.run_id, {
        step_id: "transcribe",
        model: "whisper-1",
        usage: { ...usage(0, 120), requests: 2 },
      });
      expect(whisper.step).toMatchObject({
        cost: null,
        cost_source: "unpriced",
        usage: { requests: 2 },
      });
      expect(whisper.step.unpriced_reason).toContain("audio_hours");
      // A client's token price for sonar does not say what its request fee is.
      const model = "sonar-pro";
      const override = await api.rest("PUT", "/prices/overrides", {
        model,
        client_id: clientId,
        effective_from: "2020-01-01T00:00:00Z",
        input_mtok: "1",
        output_mtok: "1",
      });
      expectStatus(override, 200);
      const overridden = await recordStep(api, run.run_id, {
        step_id: "negotiated",
        model,
        usage: usage(1000, 500),
      });
      expect(overridden.step).toMatchObject({ cost: null, cost_source: "unpriced" });
      expect(overridden.step.unpriced_reason).toContain("requests_kcount (requests: 1)");
      expect(overridden.run).toMatchObject({ total_tokens: 1620, total_cost: "0.0000" });
    });

    it("refuses a computed cost past the bound a reported one must respect (400), recording nothing", async () => {
      const run = await runningRun(api, clientId);
      const model = `acme-llm-${uniqueToken().toLowerCase()}`;
      const override = await api.rest("PUT", "/prices/overrides", {
        model,
        client_id: clientId,
        effective_from: "2020-01-01T00:00:00Z",
        input_mtok: "999999999999999",
        output_mtok: "0",
      });
      expectStatus(override, 200);
      const cases = [
        { step_id: "huge-override", model, usage: usage(2_000_000, 0) },
        { step_id: "huge-requests", model: "sonar", usage: { ...usage(1, 1), requests: 1e12 } },
      ];
      for (const body of cases) {
        const error = expectError(
          await api.rest("POST", `/runs/${run.run_id}/steps`, body),
          400,
          "VALIDATION",
        );
        expect(issuePaths(error)).toEqual(["usage"]);
        expect(error.issues?.[0]?.message).toContain("must be less than 10000000000");
      }
      expect(await getRun(api, run.run_id)).toMatchObject({
        total_tokens: 0,
        total_cost: "0.0000",
      });
      expect(await listSteps(run.run_id)).toEqual([]);
      // Just under the bound a step is taken; the run's total_cost then refuses it (422).
      expectError(
        await api.rest("POST", `/runs/${run.run_id}/steps`, {
          step_id: "big-requests",
          model: "sonar",
          usage: { ...usage(1, 1), requests: 800_000_000_000 },
        }),
        422,
        "OVERFLOW",
      );
    });

    it("rejects an unknown usage field and parts larger than their whole (400)", async () => {
      const run = await runningRun(api, clientId);
      const cases: [Record<string, unknown>, string][] = [
        [{ ...usage(10, 5), web_search: 3 }, "usage.web_search"],
        [{ ...usage(10, 5), cache_write_1h_tokens: 1 }, "usage.cache_write_1h_tokens"],
        [{ ...usage(10, 5), citation_tokens: 6 }, "usage.citation_tokens"],
        [{ ...usage(10, 5), requests: -1 }, "usage.requests"],
      ];
      for (const [body, path] of cases) {
        const error = expectError(
          await api.rest("POST", `/runs/${run.run_id}/steps`, { step_id: "bad", usage: body }),
          400,
          "VALIDATION",
        );
        expect(issuePaths(error), JSON.stringify(body)).toEqual([path]);
      }
    });

    it("answers a provider's own usage keys with the field to send instead (400)", async () => {
      const run = await runningRun(api, clientId);
      const cases: [Record<string, unknown>, Record<string, RegExp>][] = [
        [
          { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
          {
            "usage.input_tokens": /^input_tokens is required$/,
            "usage.output_tokens": /^output_tokens is required$/,
            "usage.prompt_tokens": /OpenAI's name: send input_tokens .*usageFromOpenAI/,
            "usage.completion_tokens": /OpenAI's name: send output_tokens/,
            "usage.total_tokens": /leave it out/,
          },
        ],
        [
          { ...usage(10, 5), cache_creation_input_tokens: 4, cache_read_input_tokens: 3 },
          {
            "usage.cache_creation_input_tokens": /Anthropic's name: send cache_write_tokens/,
            "usage.cache_read_input_tokens": /Anthropic's name: send cache_read_tokens/,
          },
        ],
        [
          { ...usage(10, 5), usageMetadata: { promptTokenCount: 10 } },
          { "usage.usageMetadata": /Gemini's name: send promptTokenCount as input_tokens/ },
        ],
      ];
      for (const [body, expected] of cases) {
        const error = expectError(
          await api.rest("POST", `/runs/${run.run_id}/steps`, { step_id: "provider", usage: body }),
          400,
          "VALIDATION",
        );
        const messages = Object.fromEntries(
          (error.issues ?? []).map((issue) => [issue.path, issue.message]),
        );
        expect(Object.keys(messages).sort(), JSON.stringify(body)).toEqual(
          Object.keys(expected).sort(),
        );
        for (const [path, pattern] of Object.entries(expected)) {
          expect(messages[path], path).toMatch(pattern);
        }
      }
      expect(expectStatus(await api.rest("GET", `/runs/${run.run_id}/steps`), 200)).toEqual([]);
    });

    it("treats counts spelled at their default as the same request, other counts as another", async () => {
      const run = await runningRun(api, clientId);
      const body = { step_id: "same", model: "gpt-4o", usage: usage(1000, 500) };
      await recordStep(api, run.run_id, body, 201);
      const spelled = { ...body, usage: { ...body.usage, requests: 1, web_searches: 0 } };
      expect((await recordStep(api, run.run_id, spelled, 200)).duplicate).toBe(true);
      expectError(
        await api.rest("POST", `/runs/${run.run_id}/steps`, {
          ...body,
          usage: { ...body.usage, web_searches: 2 },
        }),
        409,
        "CONFLICT",
      );
    });

    it("lists every price of a model at GET /prices", async () => {
      const sonar = expectStatus(
        await api.rest<{ prices: unknown[] }>("GET", "/prices?model=sonar"),
        200,
      );
      expect(sonar.prices).toEqual([
        { key: "input_mtok", usage: "input_tokens", unit_price: "1", per: 1_000_000 },
        { key: "output_mtok", usage: "output_tokens", unit_price: "1", per: 1_000_000 },
        { key: "requests_kcount", usage: "requests", unit_price: "12", per: 1000 },
      ]);
    });
  });
}
