import type { RouterOutputs } from "../../lib/router-types";

export type WebhookEndpoint = RouterOutputs["webhooks"]["list"][number];
export type WebhookDelivery = RouterOutputs["webhooks"]["deliveries"]["items"][number];

/** "enabled", or "disabled: <why>" (an operator, or consecutive failures). */
export const endpointState = (endpoint: WebhookEndpoint): string =>
  endpoint.enabled
    ? "enabled"
    : `disabled${endpoint.disabled_reason ? `: ${endpoint.disabled_reason}` : ""}`;

/** What the last attempt got: "HTTP 503", "HTTP 200", an error, or "not tried yet". */
export function lastOutcome(delivery: WebhookDelivery): string {
  if (delivery.attempts === 0) return "not tried yet";
  const code = delivery.last_response_code === null ? null : `HTTP ${delivery.last_response_code}`;
  return [code, delivery.last_error].filter(Boolean).join(" · ") || "no answer";
}

/** "pending, 1 attempt", "succeeded, 3 attempts": the state and how hard it was. */
export const deliveryStatus = (delivery: WebhookDelivery): string =>
  `${delivery.status}, ${delivery.attempts} attempt${delivery.attempts === 1 ? "" : "s"}`;
