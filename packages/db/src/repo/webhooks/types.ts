import type { webhookDeliveries, webhookEndpoints } from "../../schema";
import type { WebhookEventType } from "../../schema/enum-values";

/** The channel emit_event, redeliver and the test action NOTIFY; the payload is an event id. */
export const WEBHOOK_DELIVERIES_CHANNEL = "columnline_webhook_deliveries";

type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** An endpoint as shown to operators: never its secrets. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  eventTypes: WebhookEventType[];
  description: string | null;
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  consecutiveFailures: number;
  /** Until when the secret replaced by the last rotation still signs; null when none does. */
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toWebhookEndpoint(row: EndpointRow, now: Date = new Date()): WebhookEndpoint {
  const overlap = row.previousSecretExpiresAt;
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.eventTypes as WebhookEventType[],
    description: row.description,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt,
    consecutiveFailures: row.consecutiveFailures,
    previousSecretExpiresAt: overlap !== null && overlap > now ? overlap : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** One line of an endpoint's delivery log. */
export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: DeliveryRow["status"];
  attempts: number;
  /** When the next attempt is due (pending deliveries only). */
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastResponseCode: number | null;
  lastError: string | null;
  /** The start of the last response's body (at most what the worker kept). */
  lastResponseBody: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export function toWebhookDelivery(row: DeliveryRow, eventType: string): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpointId,
    eventId: row.eventId,
    eventType,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt : null,
    lastAttemptAt: row.lastAttemptAt,
    lastResponseCode: row.lastResponseCode,
    lastError: row.lastError,
    lastResponseBody: row.lastResponseBody,
    deliveredAt: row.deliveredAt,
    createdAt: row.createdAt,
  };
}
