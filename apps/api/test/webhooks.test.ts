import { testEngines } from "@columnline/db/testing";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createClient, expectStatus, getRun, recordStep, runningRun, usage } from "./fixtures";
import { startTestApi, type TestApi } from "./harness";
import {
  answer,
  eventually,
  type ReceivedWebhook,
  startReceiver,
  type WebhookReceiver,
} from "./support/webhook-receiver";

interface Endpoint {
  id: string;
  secret: string;
  enabled: boolean;
  disabled_reason: string | null;
}
interface Delivery {
  id: string;
  event_id: string;
  status: string;
  attempts: number;
  last_response_code: number | null;
  last_error: string | null;
}

const DISABLE_AFTER = 6;

describe.each(testEngines())("webhooks against local receivers (%s)", (engine) => {
  let api: TestApi;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    api = await startTestApi(engine, {
      webhooks: {
        allowPrivate: true,
        // Four quick retries: 5 attempts in all.
        retry: { scheduleMs: [40, 40, 40, 40], jitter: 0 },
        timeoutMs: 1500,
        disableAfterFailures: DISABLE_AFTER,
        pollIntervalMs: 30,
      },
    });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    api.setNow(null);
  });
  afterAll(async () => {
    await api?.close();
  });

  async function register(
    receiver: WebhookReceiver,
    events: string[] = ["run.completed", "run.failed"],
  ): Promise<Endpoint> {
    const endpoint = expectStatus(
      await api.rest<Endpoint>("POST", "/webhooks", { url: receiver.url, event_types: events }),
      201,
    );
    cleanups.push(
      () => api.rest("DELETE", `/webhooks/${endpoint.id}`),
      () => receiver.close(),
    );
    return endpoint;
  }

  async function deliveries(endpointId: string): Promise<Delivery[]> {
    const page = expectStatus(
      await api.rest<{ items: Delivery[] }>("GET", `/webhooks/${endpointId}/deliveries`),
      200,
    );
    return page.items;
  }

  const verify = (secret: string, hook: ReceivedWebhook) =>
    new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>);

  async function completedRun() {
    const clientId = await createClient(api);
    const run = await runningRun(api, clientId);
    await recordStep(api, run.run_id, { step_id: "s1", model: "gpt-4o", usage: usage(1000, 500) });
    expectStatus(await api.rest("POST", `/runs/${run.run_id}/complete`), 200);
    return run.run_id;
  }

  it("delivers run.completed signed per Standard Webhooks, with the run as GET returns it", async () => {
    const receiver = await startReceiver();
    const endpoint = await register(receiver);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const shown = expectStatus(
      await api.rest<Record<string, unknown>>("GET", `/webhooks/${endpoint.id}`),
      200,
    );
    expect(shown).not.toHaveProperty("secret");

    const runId = await completedRun();
    const hook = await eventually(() => receiver.received[0]);
    expect(verify(endpoint.secret, hook)).toMatchObject({ type: "run.completed" });
    expect(hook.headers["webhook-id"]).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(hook.json.data).toEqual({ run: await getRun(api, runId), timed_out: false });
    expect(hook.headers["content-type"]).toBe("application/json");
    // Another secret does not verify it.
    expect(() => verify(`whsec_${Buffer.alloc(32, 1).toString("base64")}`, hook)).toThrow();

    const [logged] = await eventually(async () => {
      const items = await deliveries(endpoint.id);
      return items[0]?.status === "succeeded" ? items : undefined;
    });
    expect(logged).toMatchObject({
      attempts: 1,
      last_response_code: 200,
      event_id: hook.headers["webhook-id"],
    });
  });

  it("retries a failing receiver with the same webhook-id until it succeeds, once", async () => {
    const receiver = await startReceiver((index, res) => {
      res.writeHead(index < 3 ? 503 : 204).end();
    });
    const endpoint = await register(receiver, ["run.completed"]);
    await completedRun();
    const [delivery] = await eventually(async () => {
      const items = await deliveries(endpoint.id);
      return items[0]?.status === "succeeded" ? items : undefined;
    });
    expect(delivery).toMatchObject({ attempts: 4, last_response_code: 204, last_error: null });
    expect(receiver.received).toHaveLength(4);
    const ids = new Set(receiver.received.map((hook) => hook.headers["webhook-id"]));
    expect(ids).toEqual(new Set([delivery?.event_id]));
    for (const hook of receiver.received) expect(verify(endpoint.secret, hook)).toBeTruthy();
    // Delivered: no further attempt comes.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(4);
  });

  it("redelivers an existing delivery with the same webhook-id", async () => {
    const receiver = await startReceiver();
    const endpoint = await register(receiver);
    await completedRun();
    const [delivery] = await eventually(async () => {
      const items = await deliveries(endpoint.id);
      return items[0]?.status === "succeeded" ? items : undefined;
    });
    const redelivered = expectStatus(
      await api.rest<Delivery>(
        "POST",
        `/webhooks/${endpoint.id}/deliveries/${delivery?.id}/redeliver`,
        {},
      ),
      202,
    );
    expect(redelivered).toMatchObject({ id: delivery?.id, status: "pending" });
    await eventually(() => receiver.received[1]);
    expect(receiver.received.map((hook) => hook.headers["webhook-id"])).toEqual([
      delivery?.event_id,
      delivery?.event_id,
    ]);
    const [after] = await eventually(async () => {
      const items = await deliveries(endpoint.id);
      return items[0]?.attempts === 2 ? items : undefined;
    });
    expect(after?.status).toBe("succeeded");
  });

  it("signs with both secrets during a rotation's overlap, and only the new one after", async () => {
    const receiver = await startReceiver();
    const endpoint = await register(receiver);
    const rotated = expectStatus(
      await api.rest<Endpoint & { previous_secret_expires_at: string }>(
        "POST",
        `/webhooks/${endpoint.id}/rotate-secret`,
        {},
      ),
      200,
    );
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(Date.parse(rotated.previous_secret_expires_at) - Date.now()).toBeGreaterThan(
      23.9 * 3_600_000,
    );
    expectStatus(await api.rest("POST", `/webhooks/${endpoint.id}/test`, {}), 202);
    const hook = await eventually(() => receiver.received[0]);
    expect(String(hook.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(verify(endpoint.secret, hook)).toMatchObject({ type: "webhook.test" });
    expect(verify(rotated.secret, hook)).toMatchObject({ type: "webhook.test" });

    const again = expectStatus(
      await api.rest<Endpoint>("POST", `/webhooks/${endpoint.id}/rotate-secret`, {
        overlap_seconds: 0,
      }),
      200,
    );
    expectStatus(await api.rest("POST", `/webhooks/${endpoint.id}/test`, {}), 202);
    const next = await eventually(() => receiver.received[1]);
    expect(verify(again.secret, next)).toBeTruthy();
    expect(() => verify(rotated.secret, next)).toThrow();
  });

  it("delivers run.failed for a run the reaper timed out, marked timed_out", async () => {
    const receiver = await startReceiver();
    await register(receiver, ["run.failed"]);
    const clientId = await createClient(api);
    const run = await runningRun(api, clientId);
    api.setNow(new Date(Date.now() + 7 * 3_600_000));
    await api.reap();
    api.setNow(null);
    const hook = await eventually(() =>
      receiver.received.find((h) => (h.json.data.run as { run_id: string }).run_id === run.run_id),
    );
    expect(hook.json.type).toBe("run.failed");
    expect(hook.json.data.timed_out).toBe(true);
    expect(hook.json.data.run).toEqual(await getRun(api, run.run_id));
  });

  it("disables an endpoint after consecutive failed attempts, says why, and re-enables it", async () => {
    const receiver = await startReceiver(answer(500, {}, "broken"));
    const endpoint = await register(receiver, ["run.completed"]);
    await completedRun();
    await completedRun();
    const disabled = await eventually(async () => {
      const shown = expectStatus(await api.rest<Endpoint>("GET", `/webhooks/${endpoint.id}`), 200);
      return shown.enabled ? undefined : shown;
    });
    expect(disabled.disabled_reason).toMatch(
      new RegExp(
        `disabled after ${DISABLE_AFTER} consecutive failed delivery attempts; the last: HTTP 500`,
      ),
    );
    const items = await deliveries(endpoint.id);
    // An attempt already in flight when the limit was reached is still recorded.
    expect(items.reduce((sum, item) => sum + item.attempts, 0)).toBeGreaterThanOrEqual(
      DISABLE_AFTER,
    );
    const refused = await api.rest("POST", `/webhooks/${endpoint.id}/test`, {});
    expect(refused.status).toBe(409);
    // Nothing is sent while disabled.
    const sent = receiver.received.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(sent);

    receiver.behave(answer(200));
    const enabled = expectStatus(
      await api.rest<Endpoint>("PATCH", `/webhooks/${endpoint.id}`, { enabled: true }),
      200,
    );
    expect(enabled).toMatchObject({
      enabled: true,
      disabled_reason: null,
      consecutive_failures: 0,
    });
    // The held pending delivery goes out now.
    await eventually(async () =>
      (await deliveries(endpoint.id)).some((item) => item.status === "succeeded")
        ? true
        : undefined,
    );
  });

  it("records a redirect as a failed attempt and never follows it (169.254.169.254)", async () => {
    const target = await startReceiver();
    cleanups.push(() => target.close());
    const receiver = await startReceiver((index, res) => {
      const location = index % 2 === 0 ? "http://169.254.169.254/latest/meta-data/" : target.url;
      res.writeHead(302, { location }).end();
    });
    const endpoint = await register(receiver, ["run.completed"]);
    await completedRun();
    const [delivery] = await eventually(async () => {
      const items = await deliveries(endpoint.id);
      return items[0]?.status === "failed" ? items : undefined;
    });
    expect(delivery).toMatchObject({ attempts: 5, last_response_code: 302 });
    expect(delivery?.last_error).toContain("not followed");
    expect(receiver.received).toHaveLength(5);
    // A redirect to a receiver the policy would allow is not followed either.
    expect(target.received).toHaveLength(0);
    // Even with WEBHOOK_ALLOW_PRIVATE, link-local addresses cannot be registered.
    const refused = await api.rest("POST", "/webhooks", {
      url: "http://169.254.169.254/latest/meta-data/",
      event_types: ["run.completed"],
    });
    expect(refused.status).toBe(400);
  });

  it("never holds up step recording while a receiver does not answer", async () => {
    const receiver = await startReceiver(() => {}); // never answers
    await register(receiver, ["run.completed"]);
    await completedRun();
    await eventually(() => (receiver.open > 0 ? true : undefined));
    const clientId = await createClient(api);
    const run = await runningRun(api, clientId);
    for (let index = 0; index < 5; index++) {
      await recordStep(api, run.run_id, {
        step_id: `s${index}`,
        model: "gpt-4o",
        usage: usage(10, 5),
      });
    }
    // The attempt is still hanging: steps were recorded beside it, not after it.
    expect(receiver.open).toBeGreaterThan(0);
    expect((await getRun(api, run.run_id)).total_tokens).toBe(75);
  });
});
