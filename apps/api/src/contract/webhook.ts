import type { WebhookDelivery, WebhookEndpoint } from "@columnline/db";
import { webhookEventTypes } from "@columnline/db";
import { z } from "zod";
import { URL_RULE } from "../webhooks/address-policy";
import { CURSOR_NOTE } from "./client";
import { toIso } from "./run";
import { nonBlankJsonSchema, storableText } from "./text";
import { isoTimeJson } from "./time";

export const webhookEventTypeSchema = z.enum(webhookEventTypes);

const URL_NOTE = `The receiver's URL. ${URL_RULE}=1 (a 400 names the rule broken); with a host name, its addresses are checked again at every delivery`;

export const endpointIdSchema = z
  .string()
  .regex(/^whep_[0-9a-f]{32}$/, "endpoint_id must look like whep_ and 32 hex digits")
  .describe("A webhook endpoint's id, e.g. whep_8f14e45fceea167a5a36dedd4bea2543");

export const deliveryIdSchema = z
  .string()
  .regex(/^whdl_[0-9a-f]{32}$/, "delivery_id must look like whdl_ and 32 hex digits")
  .describe("A delivery's id, e.g. whdl_c9f0f895fb98ab9159f51fd0297e236d");

const urlInput = z
  .string()
  .max(2000, "url must be at most 2000 characters")
  .regex(
    /^https?:\/\/\S+$/,
    "url must be https://... without spaces (http:// with WEBHOOK_ALLOW_PRIVATE=1)",
  )
  .describe(URL_NOTE);

const eventTypesInput = z
  .array(webhookEventTypeSchema)
  .min(1, `List at least one event: ${webhookEventTypes.join(", ")}`)
  .describe("The events this endpoint receives");

const descriptionInput = storableText("description", 500)
  .pipe(z.string().trim().min(1, "description must not be empty"))
  .meta(nonBlankJsonSchema("description"));

export const createWebhookInput = z.strictObject({
  url: urlInput,
  event_types: eventTypesInput,
  description: descriptionInput.nullish(),
  enabled: z.boolean().default(true),
});

export const endpointIdInput = z.strictObject({ endpoint_id: endpointIdSchema });

export const updateWebhookInput = z.strictObject({
  endpoint_id: endpointIdSchema,
  url: urlInput.optional(),
  event_types: eventTypesInput.optional(),
  description: descriptionInput.nullish(),
  enabled: z
    .boolean()
    .optional()
    .describe("true re-enables a disabled endpoint (its failure count and reason are cleared)"),
});

export const rotateSecretInput = z.strictObject({
  endpoint_id: endpointIdSchema,
  overlap_seconds: z
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(86_400)
    .describe("How long the replaced secret still signs beside the new one (default 24 h)"),
});

export const listDeliveriesInput = z.strictObject({
  endpoint_id: endpointIdSchema,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional().describe(CURSOR_NOTE),
});

export const redeliverInput = z.strictObject({
  endpoint_id: endpointIdSchema,
  delivery_id: deliveryIdSchema,
});

export const webhookEndpointJsonSchema = z.object({
  id: endpointIdSchema,
  url: z.string(),
  event_types: z.array(webhookEventTypeSchema),
  description: z.string().nullable(),
  enabled: z.boolean(),
  disabled_reason: z
    .string()
    .nullable()
    .describe("Why the endpoint is disabled (by an operator, or after consecutive failures)"),
  disabled_at: isoTimeJson.nullable(),
  consecutive_failures: z.int().describe("Failed attempts since the last successful one"),
  previous_secret_expires_at: isoTimeJson
    .nullable()
    .describe("Until when the secret replaced by the last rotation still signs; null if none"),
  created_at: isoTimeJson,
  updated_at: isoTimeJson,
});

export const webhookEndpointWithSecretJsonSchema = webhookEndpointJsonSchema.extend({
  secret: z
    .string()
    .describe("The signing secret (whsec_ + base64): shown in this response only, store it now"),
});

export const webhookDeliveryJsonSchema = z.object({
  id: deliveryIdSchema,
  endpoint_id: endpointIdSchema,
  event_id: z.string().describe("The event's id: the webhook-id header of every attempt"),
  event_type: z.string(),
  status: z
    .enum(["pending", "succeeded", "failed"])
    .describe("pending until an attempt succeeds, or failed once the retry schedule is spent"),
  attempts: z.int(),
  next_attempt_at: isoTimeJson.nullable().describe("When the next attempt is due (pending only)"),
  last_attempt_at: isoTimeJson.nullable(),
  last_response_code: z.int().nullable().describe("HTTP status of the last attempt's answer"),
  last_error: z.string().nullable(),
  last_response_body: z
    .string()
    .nullable()
    .describe("The start (at most 4 KB) of the last answer's body"),
  delivered_at: isoTimeJson.nullable(),
  created_at: isoTimeJson,
});

export const webhookDeliveryPageJsonSchema = z.object({
  items: z.array(webhookDeliveryJsonSchema),
  next_cursor: z.string().nullable().describe("Pass as cursor for the next page; null on the last"),
});

export function toWebhookEndpointJson(
  endpoint: WebhookEndpoint,
): z.infer<typeof webhookEndpointJsonSchema> {
  return {
    id: endpoint.id,
    url: endpoint.url,
    event_types: endpoint.eventTypes,
    description: endpoint.description,
    enabled: endpoint.enabled,
    disabled_reason: endpoint.disabledReason,
    disabled_at: toIso(endpoint.disabledAt),
    consecutive_failures: endpoint.consecutiveFailures,
    previous_secret_expires_at: toIso(endpoint.previousSecretExpiresAt),
    created_at: endpoint.createdAt.toISOString(),
    updated_at: endpoint.updatedAt.toISOString(),
  };
}

export function toWebhookDeliveryJson(
  delivery: WebhookDelivery,
): z.infer<typeof webhookDeliveryJsonSchema> {
  return {
    id: delivery.id,
    endpoint_id: delivery.endpointId,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    next_attempt_at: toIso(delivery.nextAttemptAt),
    last_attempt_at: toIso(delivery.lastAttemptAt),
    last_response_code: delivery.lastResponseCode,
    last_error: delivery.lastError,
    last_response_body: delivery.lastResponseBody,
    delivered_at: toIso(delivery.deliveredAt),
    created_at: delivery.createdAt.toISOString(),
  };
}
