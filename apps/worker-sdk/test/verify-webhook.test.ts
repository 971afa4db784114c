import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type RouterInputs,
  verifyWebhook,
  type WebhookEvent,
  type WebhookEventType,
  WebhookVerificationError,
  type WebhookVerificationFailure,
} from "../src/index.js";

const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

const completed = {
  type: "run.completed",
  timestamp: "2026-01-15T18:20:00.000Z",
  data: {
    run: { run_id: "RUN_20260115_181206", status: "completed", total_cost: "0.0473" },
    timed_out: false,
  },
};

/** Signs like the API does: the reference library's Webhook.sign, one id per event. */
function signed(
  body: string,
  secret: string,
  at = new Date(),
  id = `msg_${randomBytes(8).toString("hex")}`,
) {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, body),
  };
}

function refusal(verify: () => unknown): WebhookVerificationFailure {
  try {
    verify();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
  throw new Error("verified, but should have been refused");
}

describe("verifyWebhook", () => {
  it("returns the typed event of a body signed by the reference library", () => {
    const secret = newSecret();
    const body = JSON.stringify(completed);
    const event: WebhookEvent = verifyWebhook(body, signed(body, secret), secret);

    expect(event).toEqual(completed);
    if (event.type !== "run.completed") throw new Error(`narrowed to ${event.type}`);
    expect(event.data.run.run_id).toBe("RUN_20260115_181206");
  });

  it("takes Node's header object (any case), Fetch Headers and a Buffer body", () => {
    const secret = newSecret();
    const body = JSON.stringify(completed);
    const headers = signed(body, secret);
    const shouting = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]),
    );

    expect(verifyWebhook(Buffer.from(body), shouting, secret).type).toBe("run.completed");
    expect(verifyWebhook(body, new Headers(headers), [secret]).type).toBe("run.completed");
  });

  it("refuses a tampered body, a wrong secret, and a signature from another id", () => {
    const secret = newSecret();
    const body = JSON.stringify(completed);
    const headers = signed(body, secret);
    const tampered = body.replace('"0.0473"', '"0.0001"');

    expect(refusal(() => verifyWebhook(tampered, headers, secret))).toBe("invalid_signature");
    expect(refusal(() => verifyWebhook(body, headers, newSecret()))).toBe("invalid_signature");
    expect(
      refusal(() => verifyWebhook(body, { ...headers, "webhook-id": "msg_other" }, secret)),
    ).toBe("invalid_signature");
  });

  it("refuses timestamps more than 5 minutes off, even correctly signed", () => {
    const secret = newSecret();
    const body = JSON.stringify(completed);
    const sixMinutes = 6 * 60_000;
    const old = signed(body, secret, new Date(Date.now() - sixMinutes));
    const future = signed(body, secret, new Date(Date.now() + sixMinutes));
    const recent = signed(body, secret, new Date(Date.now() - 4 * 60_000));

    expect(refusal(() => verifyWebhook(body, old, secret))).toBe("timestamp_too_old");
    expect(refusal(() => verifyWebhook(body, future, secret))).toBe("timestamp_too_new");
    expect(verifyWebhook(body, recent, secret).type).toBe("run.completed");
  });

  it("accepts either secret of a rotated pair, and only those", () => {
    const [oldSecret, newSecretOfPair, unrelated] = [newSecret(), newSecret(), newSecret()];
    const pair = [oldSecret, newSecretOfPair];
    const body = JSON.stringify(completed);

    expect(verifyWebhook(body, signed(body, oldSecret), pair).type).toBe("run.completed");
    expect(verifyWebhook(body, signed(body, newSecretOfPair), pair).type).toBe("run.completed");
    expect(refusal(() => verifyWebhook(body, signed(body, unrelated), pair))).toBe(
      "invalid_signature",
    );
  });

  it("accepts a header carrying both signatures of a rotation (space-separated)", () => {
    const [oldSecret, newSecretOfPair] = [newSecret(), newSecret()];
    const body = JSON.stringify(completed);
    const headers = signed(body, oldSecret, new Date(), "msg_rotating");
    const second = signed(body, newSecretOfPair, new Date(), "msg_rotating")["webhook-signature"];
    const both = { ...headers, "webhook-signature": `${headers["webhook-signature"]} ${second}` };

    expect(verifyWebhook(body, both, newSecretOfPair).type).toBe("run.completed");
  });

  it("refuses missing headers and signed bodies that are not events", () => {
    const secret = newSecret();
    const body = JSON.stringify(completed);
    const { "webhook-signature": _, ...unsigned } = signed(body, secret);
    const notJson = "run completed";
    const noData = JSON.stringify({ type: "run.completed", timestamp: completed.timestamp });
    const unknown = JSON.stringify({ ...completed, type: "run.paused" });

    expect(refusal(() => verifyWebhook(body, unsigned, secret))).toBe("missing_headers");
    expect(refusal(() => verifyWebhook(notJson, signed(notJson, secret), secret))).toBe(
      "invalid_payload",
    );
    expect(refusal(() => verifyWebhook(noData, signed(noData, secret), secret))).toBe(
      "invalid_payload",
    );
    expect(refusal(() => verifyWebhook(unknown, signed(unknown, secret), secret))).toBe(
      "unknown_event_type",
    );
  });

  it("says plainly when a secret is misconfigured, rather than refusing every webhook", () => {
    const body = JSON.stringify(completed);
    const headers = signed(body, newSecret());

    expect(() => verifyWebhook(body, headers, "s3cret")).toThrow(/does not start with whsec_/);
    expect(() => verifyWebhook(body, headers, "whsec_")).toThrow(TypeError);
    expect(() => verifyWebhook(body, headers, [])).toThrow(/at least one secret/);
  });

  it("knows exactly the event types the API lets an endpoint subscribe to (checked by tsc)", () => {
    type Subscribable = RouterInputs["webhooks"]["create"]["event_types"][number];
    expectTypeOf<Exclude<WebhookEventType, "webhook.test">>().toEqualTypeOf<Subscribable>();
  });
});
