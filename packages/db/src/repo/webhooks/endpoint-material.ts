import { randomBytes } from "node:crypto";
import { notFound } from "@columnline/domain";
import { invalid, parseNonEmptyText } from "../../internal/validate";
import { type WebhookEventType, webhookEventTypes } from "../../schema/enum-values";

/** 32 random bytes: the Standard Webhooks spec asks for 24 to 64. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export function newEndpointId(): string {
  return `whep_${randomBytes(16).toString("hex")}`;
}

export function newDeliveryId(): string {
  return `whdl_${randomBytes(16).toString("hex")}`;
}

const ENDPOINT_ID = /^whep_[0-9a-f]{32}$/;
const DELIVERY_ID = /^whdl_[0-9a-f]{32}$/;

/** An id that cannot name an endpoint is simply not found (never a cast error). */
export function checkEndpointId(id: string): string {
  if (!ENDPOINT_ID.test(id)) throw notFound("webhook endpoint", id);
  return id;
}

export function checkDeliveryId(id: string): string {
  if (!DELIVERY_ID.test(id)) throw notFound("webhook delivery", id);
  return id;
}

export function parseEventTypes(value: unknown): WebhookEventType[] {
  if (!Array.isArray(value) || value.length === 0) {
    invalid("event_types", `must list at least one of ${webhookEventTypes.join(", ")}`);
  }
  for (const type of value) {
    if (!webhookEventTypes.includes(type as WebhookEventType)) {
      invalid(
        "event_types",
        `unknown event type ${String(type)}; known: ${webhookEventTypes.join(", ")}`,
      );
    }
  }
  return [...new Set(value as WebhookEventType[])];
}

/** The URL as given (the API checks its scheme and host against the SSRF rules first). */
export function parseEndpointUrl(value: unknown): string {
  const url = parseNonEmptyText(value, "url", 2000);
  if (!URL.canParse(url)) invalid("url", "must be an absolute URL");
  return url;
}

export function parseDescription(value: unknown): string | null {
  return value == null ? null : parseNonEmptyText(value, "description", 500);
}
