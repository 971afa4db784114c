import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyAddress, urlRefusal } from "../src/webhooks/address-policy";
import { createClient, expectStatus, runningRun } from "./fixtures";
import { startTestApi, type TestApi } from "./harness";
import { eventually, startReceiver, type WebhookReceiver } from "./support/webhook-receiver";

describe("the webhook address policy", () => {
  it.each([
    ["127.0.0.1", "private"],
    ["::1", "private"],
    ["10.1.2.3", "private"],
    ["172.31.255.255", "private"],
    ["192.168.0.10", "private"],
    ["100.64.0.1", "private"],
    ["fd12:3456::1", "private"],
    ["::ffff:127.0.0.1", "private"],
    ["::ffff:7f00:1", "private"],
    ["169.254.169.254", "refused"],
    ["fe80::1", "refused"],
    ["0.0.0.0", "refused"],
    ["::", "refused"],
    ["224.0.0.1", "refused"],
    ["255.255.255.255", "refused"],
    ["::ffff:169.254.169.254", "refused"],
    ["64:ff9b::7f00:1", "refused"],
    ["93.184.215.14", "public"],
    ["2606:4700::1111", "public"],
  ])("classifies %s as %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it("allows https to public names, refuses http and private literals unless allowed", () => {
    expect(urlRefusal("https://hooks.example.com/x", false)).toBeNull();
    expect(urlRefusal("http://hooks.example.com/x", false)).toMatch(/must be https/);
    expect(urlRefusal("https://user:pw@hooks.example.com/x", false)).toMatch(/credentials/);
    expect(urlRefusal("https://localhost/x", false)).toMatch(/loopback/);
    expect(urlRefusal("https://127.0.0.1/x", false)).toMatch(/private or loopback/);
    expect(urlRefusal("http://127.0.0.1:8080/x", true)).toBeNull();
    expect(urlRefusal("http://93.184.215.14/x", true)).toMatch(/plain http/);
    expect(urlRefusal("http://169.254.169.254/x", true)).toMatch(/link-local/);
  });
});

describe.each(testEngines())(
  "webhook SSRF refusals without WEBHOOK_ALLOW_PRIVATE (%s)",
  (engine) => {
    let api: TestApi;
    let receiver: WebhookReceiver;
    const names: Record<string, string[]> = {
      "rebind.example": ["127.0.0.1"],
      "mixed.example": ["93.184.215.14", "127.0.0.1"],
    };
    beforeAll(async () => {
      receiver = await startReceiver();
      api = await startTestApi(engine, {
        webhooks: {
          retry: { scheduleMs: [], jitter: 0 },
          pollIntervalMs: 30,
          resolve: async (name) => (names[name] ?? []).map((address) => ({ address, family: 4 })),
        },
      });
    });
    afterAll(async () => {
      await api?.close();
      await receiver?.close();
    });

    it.each([
      "http://127.0.0.1:8080/hook",
      "https://127.0.0.1/hook",
      "https://localhost/hook",
      "https://app.localhost/hook",
      "https://[::1]/hook",
      "https://10.0.0.1/hook",
      "https://[::ffff:127.0.0.1]/hook",
      "https://169.254.169.254/latest/meta-data/",
      "https://0.0.0.0/hook",
      "http://hooks.example.com/hook",
    ])("refuses to register %s", async (url) => {
      const refused = await api.rest<{ code: string; issues: { path: string }[] }>(
        "POST",
        "/webhooks",
        {
          url,
          event_types: ["run.completed"],
        },
      );
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe("VALIDATION");
      expect(refused.body.issues.map((issue) => issue.path)).toEqual(["url"]);
    });

    it.each(["rebind.example", "mixed.example"])(
      "refuses, at delivery, a name resolving to a loopback address (%s), and never connects",
      async (name) => {
        const endpoint = expectStatus(
          await api.rest<{ id: string }>("POST", "/webhooks", {
            url: `https://${name}:${receiver.port}/hook`,
            event_types: ["run.completed"],
          }),
          201,
        );
        const clientId = await createClient(api);
        const run = await runningRun(api, clientId);
        expectStatus(await api.rest("POST", `/runs/${run.run_id}/complete`), 200);
        const delivery = await eventually(async () => {
          const page = await api.rest<{ items: { status: string; last_error: string | null }[] }>(
            "GET",
            `/webhooks/${endpoint.id}/deliveries`,
          );
          const [item] = page.body.items;
          return item?.status === "failed" ? item : undefined;
        });
        expect(delivery.last_error).toContain("refused");
        expect(delivery.last_error).toContain("127.0.0.1");
        expect(receiver.received).toHaveLength(0);
        await api.rest("DELETE", `/webhooks/${endpoint.id}`);
      },
    );
  },
);
