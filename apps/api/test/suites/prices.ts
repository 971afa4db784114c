import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  expectError,
  expectStatus,
  issuePaths,
  recordStep,
  runningRun,
  usage,
} from "../fixtures";
import { ADMIN_KEY, type TestApi, uniqueToken } from "../harness";
import type { SuiteEnv } from "./suite-env";

const adminHeaders = { authorization: `Bearer ${ADMIN_KEY}` };

interface PriceLookup {
  model: string;
  at: string;
  source: "catalog" | "override";
  model_id: string;
  provider_id: string | null;
  override_id: string | null;
  unit_prices: {
    input_mtok: string;
    output_mtok: string;
    cache_read_mtok: string;
    cache_write_mtok: string;
  };
  tier: Record<string, unknown> | null;
}
interface Override {
  id: string;
  model: string;
  provider: string | null;
  client_id: string | null;
  effective_from: string;
  effective_until: string | null;
  input_mtok: string;
  output_mtok: string;
  cache_read_mtok: string | null;
  cache_write_mtok: string | null;
  created_at: string;
}

export function pricesSuite(env: SuiteEnv): void {
  describe("prices over REST", () => {
    let api: TestApi;
    beforeAll(() => {
      api = env.api;
    });
    afterEach(() => {
      api.setNow(null);
    });

    /** GET /prices?model=...: `spec` is the model, then optionally ?more=parameters. */
    const lookupPath = (spec: string) => {
      const [model = "", query] = spec.split("?");
      return `/prices?model=${encodeURIComponent(model)}${query ? `&${query}` : ""}`;
    };
    const lookup = async (spec: string) =>
      expectStatus(await api.rest<PriceLookup>("GET", lookupPath(spec)), 200);
    const putOverride = async (body: Record<string, unknown>) =>
      expectStatus(await api.rest<Override>("PUT", "/prices/overrides", body), 200);
    const listOverrides = async (query = "") =>
      expectStatus(await api.rest<Override[]>("GET", `/prices/overrides${query}`), 200);
    /** A model name no catalog knows and no other test uses. */
    const freshModel = () => `acme-llm-${uniqueToken().toLowerCase()}`;

    describe("catalog lookups", () => {
      it("gives gpt-4o's unit prices (2.5 / 10 per Mtok), with or without the provider prefix", async () => {
        const bare = await lookup("gpt-4o");
        expect(bare).toMatchObject({
          model: "gpt-4o",
          source: "catalog",
          model_id: "gpt-4o",
          provider_id: "openai",
          override_id: null,
          unit_prices: { input_mtok: "2.5", output_mtok: "10" },
          tier: null,
        });
        expect(bare.at).toMatch(/Z$/);
        const prefixed = await lookup("openai/gpt-4o");
        expect(prefixed).toMatchObject({
          model: "openai/gpt-4o",
          source: "catalog",
          provider_id: "openai",
          unit_prices: bare.unit_prices,
        });
        const slashRaw = await api.rest<PriceLookup>("GET", "/prices?model=openai/gpt-4o");
        expect(expectStatus(slashRaw, 200).unit_prices).toEqual(bare.unit_prices);
      });

      it("keeps the old path /prices/{model} for one release, marked deprecated", async () => {
        for (const path of [
          "/prices/openai/gpt-4o?at=2026-01-15",
          "/prices/openai%2Fgpt-4o?at=2026-01-15",
        ]) {
          const response = await fetch(`${api.url}/api/v1${path}`, { headers: adminHeaders });
          expect(response.status, path).toBe(200);
          expect(response.headers.get("deprecation"), path).toBe("true");
          expect(response.headers.get("link"), path).toBe(
            '</api/v1/prices?model=openai%2Fgpt-4o&at=2026-01-15>; rel="successor-version"',
          );
          const old = (await response.json()) as PriceLookup;
          expect(old).toEqual(await lookup("openai/gpt-4o?at=2026-01-15"));
        }
        const current = await fetch(`${api.url}/api/v1${lookupPath("gpt-4o")}`, {
          headers: adminHeaders,
        });
        expect(current.headers.get("deprecation")).toBeNull();
      });

      it("gives one path one meaning: a model called overrides, and /prices/overrides/{id}", async () => {
        const named = expectError(await api.rest("GET", lookupPath("overrides")), 404, "NOT_FOUND");
        expect(named.message).toContain("overrides");
        const id = randomUUID();
        for (const method of ["GET", "OPTIONS"]) {
          const response = await fetch(`${api.url}/api/v1/prices/overrides/${id}`, {
            method,
            headers: adminHeaders,
          });
          expect(response.status, method).toBe(405);
          expect(response.headers.get("allow"), method).toBe("DELETE");
        }
      });

      it("picks the dated price in force at ?at= (openai o3: 10/40 before 2025-06-10, 2/8 after)", async () => {
        const before = await lookup("openai/o3?at=2025-06-01T00:00:00Z");
        expect(before.unit_prices).toMatchObject({ input_mtok: "10", output_mtok: "40" });
        expect(before.at).toBe("2025-06-01T00:00:00.000Z");
        const after = await lookup("openai/o3?at=2025-06-20");
        expect(after.unit_prices).toMatchObject({ input_mtok: "2", output_mtok: "8" });
        expect(after.at).toBe("2025-06-20T00:00:00.000Z");
      });

      it("prices a step with the catalog price in force when the step completes", async () => {
        const run = await runningRun(api, await createClient(api));
        api.setNow(new Date("2025-06-01T12:00:00Z"));
        const early = await recordStep(api, run.run_id, {
          step_id: "before-cut",
          model: "o3",
          usage: usage(1000, 1000),
        });
        api.setNow(new Date("2025-06-20T12:00:00Z"));
        const late = await recordStep(api, run.run_id, {
          step_id: "after-cut",
          model: "o3",
          usage: usage(1000, 1000),
        });
        expect(early.step.cost).toBe("0.05"); // 1000 x 10 + 1000 x 40 per Mtok
        expect(late.step.cost).toBe("0.01"); // 1000 x 2 + 1000 x 8 per Mtok
        expect(late.run.total_cost).toBe("0.0600");
      });

      it("chooses the context tier from ?input_tokens=", async () => {
        const small = await lookup("claude-sonnet-4-5");
        expect(small.unit_prices).toMatchObject({ input_mtok: "3", output_mtok: "15" });
        expect(small.tier).toMatchObject({ input_tokens: 0 });
        const large = await lookup("claude-sonnet-4-5?input_tokens=300000");
        expect(large.unit_prices).toMatchObject({ input_mtok: "6", output_mtok: "22.5" });
      });

      it("answers 404 for a model it cannot price, and 400 for bad parameters", async () => {
        const model = freshModel();
        const error = expectError(await api.rest("GET", lookupPath(model)), 404, "NOT_FOUND");
        expect(error.message).toContain(model);
        for (const [query, field] of [
          ["at=soon", "at"],
          ["at=0000-01-01", "at"],
          ["input_tokens=-1", "input_tokens"],
          ["client_id=a%20b", "client_id"],
          ["currency=eur", "currency"],
        ]) {
          const bad = expectError(
            await api.rest("GET", lookupPath(`gpt-4o?${query}`)),
            400,
            "VALIDATION",
          );
          expect(issuePaths(bad), query).toEqual([field]);
        }
      });
    });

    describe("overrides", () => {
      it("sets a client's override: the lookup for that client shows it, steps recorded afterwards use it", async () => {
        const clientId = await createClient(api);
        const other = await createClient(api);
        const run = await runningRun(api, clientId);
        const before = await recordStep(api, run.run_id, {
          step_id: "before",
          model: "gpt-4o",
          usage: usage(1000, 500),
        });
        expect(before.step.cost).toBe("0.0075");

        const override = await putOverride({
          model: "gpt-4o",
          client_id: clientId,
          input_mtok: "1",
          output_mtok: 2,
        });
        expect(override).toMatchObject({
          model: "gpt-4o",
          client_id: clientId,
          input_mtok: "1",
          output_mtok: "2",
          cache_read_mtok: null,
        });
        expect(override.id).toMatch(/^[0-9a-f-]{36}$/);

        const forClient = await lookup(`gpt-4o?client_id=${clientId}`);
        expect(forClient).toMatchObject({
          source: "override",
          override_id: override.id,
          unit_prices: { input_mtok: "1", output_mtok: "2", cache_read_mtok: "1" },
        });
        // Other clients, and lookups without a client, still get the catalog.
        expect((await lookup(`gpt-4o?client_id=${other}`)).source).toBe("catalog");
        expect((await lookup("openai/gpt-4o")).source).toBe("catalog");

        const after = await recordStep(api, run.run_id, {
          step_id: "after",
          model: "gpt-4o",
          usage: usage(1000, 500),
        });
        expect(after.step).toMatchObject({ cost: "0.002", cost_source: "computed" });
        expect(after.step.price_details).toMatchObject({
          source: "override",
          override_id: override.id,
        });
        expect(after.run.total_cost).toBe("0.0095");
        // The step recorded earlier keeps the price it was recorded with.
        const steps = expectStatus(
          await api.rest<{ step_id: string; cost: string }[]>("GET", `/runs/${run.run_id}/steps`),
          200,
        );
        expect(steps.map((step) => [step.step_id, step.cost])).toEqual([
          ["before", "0.0075"],
          ["after", "0.002"],
        ]);

        // A run of another client is priced from the catalog.
        const otherRun = await runningRun(api, other);
        const otherStep = await recordStep(api, otherRun.run_id, {
          step_id: "s",
          model: "gpt-4o",
          usage: usage(1000, 500),
        });
        expect(otherStep.step.cost).toBe("0.0075");
      });

      it("prices a model the catalog lacks with a global override; a client's override wins over it", async () => {
        const model = freshModel();
        const clientId = await createClient(api);
        const global = await putOverride({ model, input_mtok: "4", output_mtok: "8" });
        expect(global.client_id).toBeNull();
        expect((await lookup(model)).override_id).toBe(global.id);
        expect((await lookup(`${model}?client_id=${clientId}`)).override_id).toBe(global.id);

        const own = await putOverride({
          model,
          client_id: clientId,
          input_mtok: "2",
          output_mtok: "3",
        });
        expect((await lookup(`${model}?client_id=${clientId}`)).override_id).toBe(own.id);
        expect((await lookup(model)).override_id).toBe(global.id);

        const run = await runningRun(api, clientId);
        const step = await recordStep(api, run.run_id, {
          step_id: "s",
          model,
          usage: usage(1_000_000, 1_000_000),
        });
        expect(step.step).toMatchObject({ cost: "5", cost_source: "computed" });
      });

      it("applies an override only from its effective_from on", async () => {
        const model = freshModel();
        const override = await putOverride({
          model,
          effective_from: "2030-01-01T00:00:00Z",
          input_mtok: "1.5",
          output_mtok: "3.25",
        });
        expect(override.effective_from).toBe("2030-01-01T00:00:00.000Z");
        expectError(await api.rest("GET", lookupPath(`${model}?at=2029-12-31T23:59:59Z`)), 404);
        expect((await lookup(`${model}?at=2030-01-01`)).unit_prices).toMatchObject({
          input_mtok: "1.5",
          output_mtok: "3.25",
        });
      });

      it("lists overrides (filtered by model or client), deletes one (then 404), and the catalog is back", async () => {
        const clientId = await createClient(api);
        const model = freshModel();
        const global = await putOverride({ model, input_mtok: 1, output_mtok: 1 });
        const own = await putOverride({
          model: "gpt-4o",
          client_id: clientId,
          input_mtok: "0.5",
          output_mtok: "1",
        });
        expect((await listOverrides()).map((item) => item.id)).toEqual(
          expect.arrayContaining([global.id, own.id]),
        );
        expect(await listOverrides(`?model=${model}`)).toEqual([global]);
        expect(await listOverrides(`?client_id=${clientId}`)).toEqual([own]);

        expect(
          expectStatus(await api.rest<Override>("DELETE", `/prices/overrides/${own.id}`), 200),
        ).toEqual(own);
        expect(await listOverrides(`?client_id=${clientId}`)).toEqual([]);
        expect((await lookup(`gpt-4o?client_id=${clientId}`)).source).toBe("catalog");
        expectError(await api.rest("DELETE", `/prices/overrides/${own.id}`), 404, "NOT_FOUND");
        expectError(
          await api.rest("DELETE", `/prices/overrides/${randomUUID()}`),
          404,
          "NOT_FOUND",
        );
        expectError(await api.rest("DELETE", "/prices/overrides/not-a-uuid"), 400, "VALIDATION");
      });

      it("ends an override: before its end it prices, at and after it the previous one does; it stays listed", async () => {
        const model = freshModel();
        const endPath = (id: string) => `/prices/overrides/${id}/end`;
        const end = async (id: string, body: Record<string, unknown> = {}) =>
          expectStatus(await api.rest<Override>("POST", endPath(id), body), 200);
        const earlier = await putOverride({
          model,
          effective_from: "2026-01-01T00:00:00Z",
          input_mtok: "1",
          output_mtok: "1",
        });
        const later = await putOverride({
          model,
          effective_from: "2026-03-01T00:00:00Z",
          input_mtok: "3",
          output_mtok: "3",
        });
        expect(later.effective_until).toBeNull();
        api.setNow(new Date("2026-06-01T12:00:00Z"));
        // A scheduled end, then moved to now (the default).
        expect((await end(later.id, { effective_until: "2026-07-01" })).effective_until).toBe(
          "2026-07-01T00:00:00.000Z",
        );
        expect((await lookup(`${model}?at=2026-06-30T23:59:59.999Z`)).override_id).toBe(later.id);
        expect((await lookup(`${model}?at=2026-07-01`)).override_id).toBe(earlier.id);
        const ended = await end(later.id);
        expect(ended).toEqual({ ...later, effective_until: "2026-06-01T12:00:00.000Z" });

        // History stays explained; what is priced from the end on uses the earlier price.
        expect((await lookup(`${model}?at=2026-06-01T11:59:59.999Z`)).override_id).toBe(later.id);
        expect((await lookup(model)).override_id).toBe(earlier.id);
        const run = await runningRun(api, await createClient(api));
        const step = await recordStep(api, run.run_id, {
          step_id: "after_end",
          model,
          usage: usage(1_000_000, 1_000_000),
        });
        expect(step.step).toMatchObject({ cost: "2", cost_source: "computed" });
        expect(await listOverrides(`?model=${model}`)).toEqual([earlier, ended]);

        // A passed end is kept; an end before now or not after the start is refused.
        const passed = expectError(await api.rest("POST", endPath(later.id), {}), 409, "CONFLICT");
        expect(passed.message).toContain("already ended at 2026-06-01T12:00:00.000Z");
        const past = { effective_until: "2026-05-01T00:00:00Z" };
        const before = expectError(await api.rest("POST", endPath(earlier.id), past), 409);
        expect(before.message).toMatch(
          /is before now .*would change the price of steps already recorded/,
        );
        api.setNow(new Date("2025-12-01T00:00:00Z"));
        const start = { effective_until: "2026-01-01T00:00:00Z" };
        const notAfter = expectError(await api.rest("POST", endPath(earlier.id), start), 409);
        expect(notAfter.message).toContain("delete an override that should never apply");
        expect(await listOverrides(`?model=${model}`)).toEqual([earlier, ended]);
        expectError(await api.rest("POST", endPath(randomUUID()), {}), 404, "NOT_FOUND");
        expectError(await api.rest("POST", endPath("not-a-uuid"), {}), 400, "VALIDATION");
      });

      it("replaces the override of the same model, client and effective_from", async () => {
        const model = freshModel();
        const body = {
          model,
          effective_from: "2024-01-01T00:00:00Z",
          input_mtok: "1",
          output_mtok: "1",
        };
        const first = await putOverride(body);
        const second = await putOverride({ ...body, output_mtok: "9" });
        expect(second.id).toBe(first.id);
        expect(second.output_mtok).toBe("9");
        expect(await listOverrides(`?model=${model}`)).toHaveLength(1);
      });

      it("answers 404 for an unknown client and 400 naming bad prices", async () => {
        const clientId = `CLT_${uniqueToken()}`;
        const missing = expectError(
          await api.rest("PUT", "/prices/overrides", {
            model: "gpt-4o",
            client_id: clientId,
            input_mtok: "1",
            output_mtok: "1",
          }),
          404,
          "NOT_FOUND",
        );
        expect(missing.message).toContain(clientId);
        const cases: [Record<string, unknown>, string][] = [
          [{ input_mtok: "-1" }, "input_mtok"],
          [{ output_mtok: "1e3" }, "output_mtok"],
          [{ cache_read_mtok: "abc" }, "cache_read_mtok"],
          [{ model: "" }, "model"],
          [{ effective_from: "tomorrow" }, "effective_from"],
          [{ discount: 0.5 }, "discount"],
        ];
        for (const [change, field] of cases) {
          const error = expectError(
            await api.rest("PUT", "/prices/overrides", {
              model: freshModel(),
              input_mtok: "1",
              output_mtok: "1",
              ...change,
            }),
            400,
            "VALIDATION",
          );
          expect(issuePaths(error), JSON.stringify(change)).toEqual([field]);
        }
      });
    });
  });
}
