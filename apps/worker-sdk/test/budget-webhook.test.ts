import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun, recordStep, verifyWebhook, type WebhookEvent } from "../src/index.js";
import { startTestApi, type TestApi } from "./support/test-api.js";

interface Delivery {
  body: string;
  headers: IncomingHttpHeaders;
}

/** One engine: the event's shape comes from the API's code, not from the engine under it. */
describe("a budget event from the real API, verified and read through the SDK's types", () => {
  let api: TestApi;
  const deliveries: Delivery[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      deliveries.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
      res.writeHead(204).end();
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    api = await startTestApi("pglite", { webhooks: { allowPrivate: true, pollIntervalMs: 100 } });
  });
  afterAll(async () => {
    await api?.close();
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it("budget.exceeded carries the budget as GET returns it and the threshold", async () => {
    const port = (receiver.address() as AddressInfo).port;
    const endpoint = await api.admin.webhooks.create.mutate({
      url: `http://127.0.0.1:${port}/hooks`,
      event_types: ["budget.exceeded"],
    });
    const clientId = await api.newClientId();
    await api.admin.budgets.set.mutate({
      client_id: clientId,
      period: "day",
      limit_usd: "0.0075",
      thresholds: [1],
      action: "notify_only",
    });
    const run = await createRun(api.admin, { clientId, status: "running" });
    // gpt-4o at 1000/500 tokens costs exactly $0.0075: the limit.
    await recordStep(api.admin, run.run_id, {
      stepName: "research",
      model: "gpt-4o",
      usage: { input_tokens: 1000, output_tokens: 500 },
    });

    await expect.poll(() => deliveries.length, { timeout: 15_000 }).toBe(1);
    const [delivery] = deliveries;
    if (!delivery) throw new Error("no delivery");
    const event: WebhookEvent = verifyWebhook(delivery.body, delivery.headers, endpoint.secret);
    if (event.type !== "budget.exceeded") throw new Error(`got ${event.type}`);
    // Typed fields, no casts: tsc checks these names against the API's router types.
    const { budget, threshold } = event.data;
    expect(threshold).toBe(1);
    expect(budget.client_id).toBe(clientId);
    expect(budget.limit_usd).toBe("0.0075");
    expect(budget.spent_exact).toBe("0.0075");
    expect(budget.period).toBe("day");
    expect(Date.parse(budget.period_end)).toBeGreaterThan(Date.parse(budget.period_start));
    const current = await api.admin.budgets.get.query({ client_id: clientId });
    expect(Object.keys(budget).sort()).toEqual(Object.keys(current).sort());
  });
});
