import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  createRun,
  createRunsClient,
  describeApiError,
  type Run,
  type RunsClient,
  recordStep,
} from "../src/index.js";
import { startTestApi, type TestApi } from "./support/test-api.js";

describe.each(testEngines())("the typed client against the API on %s", (engine) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(engine);
  });
  afterAll(async () => {
    await api?.close();
  });

  it("creates, reads, records and totals a run through typed procedures", async () => {
    const clientId = await api.newClientId();
    const client: RunsClient = api.admin;

    const created = await client.runs.create.mutate({
      client_id: clientId,
      run_id: "RUN_20260115_181206",
      dossier_id: "DOSS_20260115_4523",
      status: "running",
      seed_data: { lead_url: "https://acme.example/lead" },
      triggered_by: "api",
    });
    await recordStep(client, created.run.run_id, {
      stepName: "write",
      model: "claude-sonnet-4-5",
      usage: { input_tokens: 1000, output_tokens: 500 },
    });
    const run = await client.runs.get.query({ run_id: "RUN_20260115_181206" });
    const summary = await client.analytics.costSummary.query({
      client_id: clientId,
      status: "running",
    });

    expect(created.created).toBe(true);
    expect(run).toMatchObject({ status: "running", total_tokens: 1500, total_cost: "0.0105" });
    expect(summary).toMatchObject({ run_count: 1, total_cost: "0.0105" });
    expectTypeOf(run).toEqualTypeOf<Run>();
    expectTypeOf(run.total_cost).toEqualTypeOf<string>();
    expectTypeOf(run.status).toEqualTypeOf<"pending" | "running" | "completed" | "failed">();
    expectTypeOf(client.runs.get.query).parameter(0).toEqualTypeOf<{ run_id: string }>();
    // A field the API does not know is a type error, not a runtime surprise.
    // @ts-expect-error run_identifier is not an input of runs.get
    await client.runs.get.query({ run_identifier: "RUN_20260115_181206" }).catch(() => null);
  });

  it("makes a create retry-safe: IDs are made before the first attempt, a clash takes a suffix", async () => {
    const clientId = await api.newClientId();
    const now = () => new Date("2026-02-03T04:05:06Z");

    const first = await createRun(api.admin, { clientId, now });
    // Thirty leads of one client arriving in the same second.
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, lead) =>
        createRun(api.admin, { clientId, now, seedData: { lead } }),
      ),
    );

    expect(first.run_id).toBe("RUN_20260203_040506");
    expect(first.dossier_id).toMatch(/^DOSS_20260203_\d{4}$/);
    expect(first.triggered_by).toBe("api");
    const ids = burst.map((run) => run.run_id);
    expect(new Set([first.run_id, ...ids]).size).toBe(31);
    expect(ids.every((id) => /^RUN_20260203_040506_\d+$/.test(id))).toBe(true);
  });

  it("makes a create with the caller's run_id repeatable: the same call answers the same run", async () => {
    const clientId = await api.newClientId();
    const options = { clientId, runId: "RUN_20260204_101010", status: "running" as const };

    const first = await createRun(api.admin, options);
    const again = await createRun(api.admin, options);

    expect(again).toMatchObject({ run_id: first.run_id, dossier_id: first.dossier_id });
    expect(first.dossier_id).toMatch(/^DOSS_20260204_\d{4}$/);
  });

  it("sends the bearer key and reports the API's refusal in plain terms", async () => {
    const { key } = await api.admin.keys.create.mutate({ name: "writer", scopes: ["runs:write"] });
    const writer = createRunsClient({ baseUrl: api.url, apiKey: key });
    const stranger = createRunsClient({ baseUrl: api.url, apiKey: "clr_unknown_key" });

    const forbidden = await writer.keys.list.query().catch((error: unknown) => error);
    const unauthorized = await stranger.runs.list.query({}).catch((error: unknown) => error);

    expect(describeApiError(forbidden)).toMatchObject({
      kind: "answer",
      status: 403,
      code: "FORBIDDEN",
    });
    expect(describeApiError(unauthorized)).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
  });

  it("names the fields of a 400", async () => {
    const failure = await api.admin.runs.get
      .query({ run_id: "RUN_1" })
      .catch((error: unknown) => error);

    expect(describeApiError(failure)).toMatchObject({
      status: 400,
      code: "VALIDATION",
      issues: [{ path: "run_id", message: expect.stringContaining("RUN_YYYYMMDD_HHmmss") }],
    });
  });

  it("reports an unreachable API as a network error", async () => {
    const offline = createRunsClient({ baseUrl: "http://127.0.0.1:9", apiKey: "k", retries: 0 });

    const failure = await offline.runs.list.query({}).catch((error: unknown) => error);

    expect(describeApiError(failure)).toMatchObject({ kind: "network", status: null });
  });
});

describe("client options", () => {
  it.each([
    [{ baseUrl: "localhost:3000", apiKey: "k" }, /baseUrl must start with http/],
    [{ baseUrl: "not a url", apiKey: "k" }, /baseUrl must be the API's URL/],
    [{ baseUrl: "http://x", apiKey: "" }, /apiKey must be a non-empty string/],
    [{ baseUrl: "http://x", apiKey: "Bearer abc" }, /without 'Bearer '/],
    [{ baseUrl: "http://x", apiKey: "k", retries: -1 }, /retries must be an integer from 0 to 10/],
    [{ baseUrl: "http://x", apiKey: "k", timeoutMs: 0 }, /timeoutMs must be an integer/],
  ])("rejects %j up front", (options, message) => {
    expect(() => createRunsClient(options)).toThrow(message);
  });
});
