import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
// The receiver docs/webhooks.md shows, run as written.
import {
  createWebhookReceiver,
  type EventHandler,
} from "../../../examples/webhook-receiver/src/receiver.js";
import type { WebhookEvent } from "../src/index.js";

const secret = `whsec_${randomBytes(32).toString("base64")}`;
const event = {
  type: "run.failed",
  timestamp: "2026-01-15T18:20:00.000Z",
  data: {
    run: { run_id: "RUN_20260115_181206", status: "failed", error_message: "timed out" },
    timed_out: true,
  },
};
let close: (() => void) | undefined;
afterEach(() => close?.());

async function receiverAt(onEvent: EventHandler): Promise<string> {
  const server = createWebhookReceiver([secret], onEvent);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  close = () => server.close();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

function post(url: string, body: string, signedBody = body, id = "msg_2aBcD") {
  const at = new Date();
  return fetch(url, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(id, at, signedBody),
    },
  });
}

describe("the example webhook receiver (docs/webhooks.md)", () => {
  it("hands a verified event and its webhook-id to the handler, then answers 204", async () => {
    const received: Array<[WebhookEvent, string]> = [];
    const url = await receiverAt((verified, id) => {
      received.push([verified, id]);
    });
    // Whitespace the API did not produce would break a re-serialized check; the raw body verifies.
    const body = JSON.stringify(event, null, 2);

    expect((await post(url, body)).status).toBe(204);
    expect(received).toEqual([[event, "msg_2aBcD"]]);
  });

  it("refuses a body changed after signing with 400 and never calls the handler", async () => {
    let called = false;
    const url = await receiverAt(() => {
      called = true;
    });
    const signed = JSON.stringify(event);
    const forged = signed.replace("timed out", "all good");

    const answer = await post(url, forged, signed);
    expect([answer.status, await answer.text(), called]).toEqual([400, "invalid_signature", false]);
  });

  it("answers 500 when the handler fails, so the API delivers the event again", async () => {
    const url = await receiverAt(() => {
      throw new Error("database down");
    });
    expect((await post(url, JSON.stringify(event))).status).toBe(500);
  });

  it("is the code docs/webhooks.md shows", () => {
    const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
    const source = read("../../../examples/webhook-receiver/src/receiver.ts");
    const doc = read("../../../docs/webhooks.md");
    const receiver = source.slice(source.indexOf("export function createWebhookReceiver"));
    expect(doc).toContain(receiver.trim());
  });
});
