import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhook, type WebhookEvent } from "../src/index.js";
import { cli } from "./support/run-cli.js";
import { ADMIN_KEY, startTestApi, type TestApi } from "./support/test-api.js";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local receiver answering 204 to everything, keeping what it got. */
async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return { url, received, close: () => new Promise<void>((done) => server.close(() => done())) };
}

async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe.each(testEngines())("columnline-runs webhooks against the API on %s", (engine) => {
  let api: TestApi;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let env: Record<string, string>;
  beforeAll(async () => {
    api = await startTestApi(engine, { webhooks: { allowPrivate: true, pollIntervalMs: 100 } });
    receiver = await startReceiver();
    env = { COLUMNLINE_API_URL: api.url, COLUMNLINE_API_KEY: ADMIN_KEY };
  });
  afterAll(async () => {
    await api?.close();
    await receiver?.close();
  });

  /** The first request of `type` after `from` whose signature the SDK accepts with `secrets`. */
  const arrival = (type: string, secrets: string[], from = 0) =>
    eventually(() => {
      for (const request of receiver.received.slice(from)) {
        const event: WebhookEvent = verifyWebhook(request.body, request.headers, secrets);
        if (event.type === type) return { event, id: String(request.headers["webhook-id"]) };
      }
      return undefined;
    });

  it("adds an endpoint, shows the secret once, lists it, and delivers what it subscribed to", async () => {
    const added = await cli(
      ["webhooks", "add", receiver.url, "--event", "run.completed", "--event", "run.failed"],
      env,
    );
    expect(added).toMatchObject({ code: 0, stderr: "" });
    const secret = /^secret\s+(whsec_\S+)$/m.exec(added.stdout)?.[1] ?? "";
    const id = /^id\s+(whep_\w+)$/m.exec(added.stdout)?.[1] ?? "";
    expect(added.stdout).toMatch(/not shown again/);
    expect([secret.startsWith("whsec_"), id.startsWith("whep_")]).toEqual([true, true]);

    const listed = await cli(["webhooks", "list", "--json"], env);
    expect(JSON.parse(listed.stdout)).toContainEqual(
      expect.objectContaining({
        id,
        url: receiver.url,
        event_types: ["run.completed", "run.failed"],
        enabled: true,
      }),
    );
    expect(listed.stdout).not.toContain(secret);

    const clientId = await api.newClientId();
    const { run } = await api.admin.runs.create.mutate({ client_id: clientId, status: "running" });
    await api.admin.runs.complete.mutate({ run_id: run.run_id });
    const { event } = await arrival("run.completed", [secret]);
    if (event.type !== "run.completed") throw new Error(event.type);
    expect([event.data.run.run_id, event.data.run.status, event.data.timed_out]).toEqual([
      run.run_id,
      "completed",
      false,
    ]);
  });

  it("tests, logs, redelivers with the same webhook-id, rotates with an overlap, and removes", async () => {
    const added = JSON.parse(
      (await cli(["webhooks", "add", receiver.url, "--event", "run.failed", "--json"], env)).stdout,
    ) as { id: string; secret: string };
    const from = receiver.received.length;

    const tested = await cli(["webhooks", "test", added.id], env);
    expect(tested.code).toBe(0);
    const first = await arrival("webhook.test", [added.secret], from);

    // Polled through the client (quick); the CLI then prints the same log once.
    const logged = await eventually(async () => {
      const page = await api.admin.webhooks.deliveries.query({ endpoint_id: added.id });
      return page.items.find((item) => item.event_id === first.id && item.status === "succeeded");
    });
    expect(logged).toMatchObject({
      event_type: "webhook.test",
      attempts: 1,
      last_response_code: 204,
    });
    const table = await cli(["webhooks", "deliveries", added.id], env);
    expect(table.stdout).toMatch(
      new RegExp(`${logged.id}\\s+webhook\\.test\\s+succeeded\\s+1\\s+204`),
    );

    const again = receiver.received.length;
    expect((await cli(["webhooks", "redeliver", added.id, logged.id], env)).code).toBe(0);
    const redelivered = await arrival("webhook.test", [added.secret], again);
    expect(redelivered.id).toBe(first.id);

    const rotated = JSON.parse(
      (await cli(["webhooks", "rotate", added.id, "--json"], env)).stdout,
    ) as { secret: string; previous_secret_expires_at: string | null };
    expect(rotated.secret).not.toBe(added.secret);
    expect(rotated.previous_secret_expires_at).not.toBeNull();
    const afterRotation = receiver.received.length;
    await cli(["webhooks", "test", added.id], env);
    // During the overlap each delivery is signed with both: either secret alone verifies it.
    const withNew = await arrival("webhook.test", [rotated.secret], afterRotation);
    const withOld = await arrival("webhook.test", [added.secret], afterRotation);
    expect(withOld.id).toBe(withNew.id);

    const removed = await cli(["webhooks", "rm", added.id], env);
    expect([removed.code, removed.stdout.trim()]).toEqual([0, `Deleted ${added.id}.`]);
    const gone = await cli(["webhooks", "get", added.id], env);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/not found|no webhook endpoint/i);
  }, 60_000);

  it("disables an endpoint so nothing is delivered to it, and enables it again", async () => {
    const added = JSON.parse(
      (await cli(["webhooks", "add", receiver.url, "--event", "run.completed", "--json"], env))
        .stdout,
    ) as { id: string; secret: string };
    const disabled = await cli(["webhooks", "disable", added.id], env);
    expect(disabled.stdout).toMatch(/^enabled\s+no$/m);
    const clientId = await api.newClientId();
    const { run } = await api.admin.runs.create.mutate({ client_id: clientId, status: "running" });
    await api.admin.runs.complete.mutate({ run_id: run.run_id });
    const page = await api.admin.webhooks.deliveries.query({ endpoint_id: added.id });
    expect(page.items).toEqual([]);

    const enabled = await cli(["webhooks", "enable", added.id, "--json"], env);
    expect(JSON.parse(enabled.stdout)).toMatchObject({ id: added.id, enabled: true });
    await cli(["webhooks", "rm", added.id], env);
  }, 60_000);

  it("refuses bad command lines before calling the API, with help that lists the options", async () => {
    const noEvent = await cli(["webhooks", "add", receiver.url], env);
    const badEvent = await cli(["webhooks", "add", receiver.url, "--event", "run.paused"], env);
    const help = await cli(["webhooks", "add", "--help"], env);
    const overview = await cli(["--help"], env);

    expect([noEvent.code, badEvent.code, help.code]).toEqual([2, 2, 0]);
    expect(noEvent.stderr).toMatch(/webhooks add needs --event/);
    expect(badEvent.stderr).toMatch(
      /--event must be one of run\.completed, run\.failed, budget\.threshold_crossed, budget\.exceeded, got "run\.paused"/,
    );
    expect(help.stdout).toMatch(/webhooks add <url> \[options\]/);
    expect(help.stdout).toMatch(/--event <type>/);
    for (const command of [
      "add",
      "list",
      "get",
      "enable",
      "disable",
      "rm",
      "deliveries",
      "redeliver",
      "test",
      "rotate",
    ])
      expect(overview.stdout).toMatch(new RegExp(`webhooks ${command}\\s`));
  });

  it("says what an unsafe URL is refused for, as the API words it", async () => {
    const refused = await cli(
      ["webhooks", "add", "http://169.254.169.254/latest", "--event", "run.failed"],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: .*169\.254\.169\.254/);
  });
});
