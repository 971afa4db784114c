import { testEngines } from "@columnline/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createRun,
  createRunsClient,
  describeApiError,
  RequestTimeoutError,
  recordStep,
} from "../src/index.js";
import {
  apiUnavailable,
  type FlakyProxy,
  gatewayUnavailable,
  type ProxyAction,
  startFlakyProxy,
  tooManyRequests,
} from "./support/flaky-proxy.js";
import { ADMIN_KEY, startTestApi, type TestApi } from "./support/test-api.js";

const fastBackoff = { baseMs: 5, maxMs: 20 };
const usage = { input_tokens: 1000, output_tokens: 500 };

describe.each(testEngines())("retries against the API on %s", (engine) => {
  let api: TestApi;
  let proxy: FlakyProxy | null = null;
  beforeAll(async () => {
    api = await startTestApi(engine);
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = null;
  });
  afterAll(async () => {
    await api?.close();
  });

  async function throughProxy(
    plan: (index: number) => ProxyAction,
    options: { timeoutMs?: number; retries?: number } = {},
  ) {
    proxy = await startFlakyProxy(api.url, plan);
    return createRunsClient({
      baseUrl: proxy.url,
      apiKey: ADMIN_KEY,
      backoff: fastBackoff,
      ...options,
    });
  }

  async function runningRun() {
    return createRun(api.admin, { clientId: await api.newClientId(), status: "running" });
  }

  it.each<[string, ProxyAction]>([
    ["a gateway's plain-text 503", gatewayUnavailable],
    ["the API's own 503", apiUnavailable],
    ["a 429", tooManyRequests],
    [
      "a 503 after the API recorded the step (answer lost)",
      { ...apiUnavailable, afterForwarding: true },
    ],
    ["a cut connection after the API recorded the step", { reset: true, afterForwarding: true }],
  ])("sends a step again after %s twice, and the run counts it once", async (_name, fault) => {
    const run = await runningRun();
    const client = await throughProxy((index) => (index < 2 ? fault : "forward"));

    const recorded = await recordStep(client, run.run_id, {
      stepName: "research",
      model: "gpt-4o",
      usage,
    });

    expect(proxy?.requests).toEqual(Array(3).fill({ method: "POST", path: "/trpc/steps.record" }));
    expect(recorded.step.step_id).toBe(`${run.run_id}:research`);
    const steps = await api.admin.steps.list.query({ run_id: run.run_id });
    expect(steps).toHaveLength(1);
    const stored = await api.admin.runs.get.query({ run_id: run.run_id });
    expect([stored.total_tokens, stored.total_cost]).toEqual([1500, "0.0075"]);
  });

  it("gives up after `retries` more attempts and throws the last answer", async () => {
    const run = await runningRun();
    const client = await throughProxy(() => apiUnavailable, { retries: 2 });

    const failure = await recordStep(client, run.run_id, { stepName: "s", usage }).catch(
      (error) => error,
    );

    expect(proxy?.requests).toHaveLength(3);
    expect(describeApiError(failure)).toMatchObject({ status: 503, code: "UNAVAILABLE" });
  });

  it.each([
    [
      "400",
      async (client: ReturnType<typeof createRunsClient>, runId: string) =>
        recordStep(client, runId, {
          stepName: "bad",
          usage: { input_tokens: -1, output_tokens: 0 },
        }),
    ],
    [
      "401",
      async (_client: ReturnType<typeof createRunsClient>, runId: string) =>
        createRunsClient({
          baseUrl: proxy?.url ?? "",
          apiKey: "clr_not_a_key",
          backoff: fastBackoff,
        }).runs.get.query({ run_id: runId }),
    ],
    [
      "404",
      async (client: ReturnType<typeof createRunsClient>) =>
        client.runs.get.query({ run_id: "RUN_20200101_000000" }),
    ],
    [
      "409",
      async (client: ReturnType<typeof createRunsClient>, runId: string) => {
        await recordStep(api.admin, runId, { stepName: "twice", usage });
        return recordStep(client, runId, {
          stepName: "twice",
          usage: { input_tokens: 1, output_tokens: 1 },
        });
      },
    ],
  ])("does not send a call again after a %s", async (status, call) => {
    const run = await runningRun();
    const client = await throughProxy(() => "forward");

    const failure = await call(client, run.run_id).then(
      () => null,
      (error: unknown) => error,
    );

    expect(describeApiError(failure).status).toBe(Number(status));
    expect(proxy?.requests).toHaveLength(1);
  });

  it("times out a stalled attempt and sends the call again", { timeout: 10_000 }, async () => {
    const run = await runningRun();
    const client = await throughProxy((index) => (index === 0 ? "hang" : "forward"), {
      timeoutMs: 300,
    });

    const recorded = await recordStep(client, run.run_id, { stepName: "slow", usage });

    expect(recorded.step.tokens).toBe(1500);
    expect(proxy?.requests).toHaveLength(2);
  });

  it("does not repeat a write that is not idempotent when its answer is lost", async () => {
    const client = await throughProxy((index) => (index === 0 ? "hang" : "forward"), {
      timeoutMs: 300,
    });

    const failure = await client.keys.create
      .mutate({ name: "lost", scopes: ["runs:read"] })
      .catch((error: unknown) => error);

    expect(describeApiError(failure).kind).toBe("timeout");
    expect((failure as { cause?: unknown }).cause).toBeInstanceOf(RequestTimeoutError);
    expect(proxy?.requests).toHaveLength(1);
  });
});
