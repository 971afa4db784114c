import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhookEndpoint,
} from "@columnline/db";
import { validationError } from "@columnline/domain";
import type { z } from "zod";
import {
  type createWebhookInput,
  type endpointIdInput,
  type listDeliveriesInput,
  type redeliverInput,
  type rotateSecretInput,
  toWebhookDeliveryJson,
  toWebhookEndpointJson,
  type updateWebhookInput,
} from "../contract/webhook";
import type { ApiServices } from "../services";
import { URL_RULE, urlRefusal } from "../webhooks/address-policy";

/** Refuses, at registration, a URL the SSRF rules forbid (the worker checks again on delivery). */
function checkUrl(url: string | undefined, ctx: ApiServices) {
  if (url === undefined) return;
  const refusal = urlRefusal(url, ctx.webhookAllowPrivate ?? false);
  if (refusal) {
    throw validationError(`invalid url: ${refusal}`, [
      { path: "url", message: `${refusal}. ${URL_RULE}=1` },
    ]);
  }
}

export async function createWebhookCore(
  input: z.output<typeof createWebhookInput>,
  ctx: ApiServices,
) {
  checkUrl(input.url, ctx);
  const { endpoint, secret } = await createWebhookEndpoint(ctx.db, {
    url: input.url,
    eventTypes: input.event_types,
    description: input.description ?? null,
    enabled: input.enabled,
  });
  return { ...toWebhookEndpointJson(endpoint), secret };
}

export async function listWebhooksCore(ctx: ApiServices) {
  return (await listWebhookEndpoints(ctx.db)).map(toWebhookEndpointJson);
}

export async function getWebhookCore(input: z.output<typeof endpointIdInput>, ctx: ApiServices) {
  return toWebhookEndpointJson(await getWebhookEndpoint(ctx.db, input.endpoint_id));
}

export async function updateWebhookCore(
  input: z.output<typeof updateWebhookInput>,
  ctx: ApiServices,
) {
  checkUrl(input.url, ctx);
  const endpoint = await updateWebhookEndpoint(ctx.db, input.endpoint_id, {
    ...(input.url === undefined ? {} : { url: input.url }),
    ...(input.event_types === undefined ? {} : { eventTypes: input.event_types }),
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
  });
  return toWebhookEndpointJson(endpoint);
}

export async function deleteWebhookCore(input: z.output<typeof endpointIdInput>, ctx: ApiServices) {
  return toWebhookEndpointJson(await deleteWebhookEndpoint(ctx.db, input.endpoint_id));
}

export async function rotateWebhookSecretCore(
  input: z.output<typeof rotateSecretInput>,
  ctx: ApiServices,
) {
  const { endpoint, secret } = await rotateWebhookSecret(ctx.db, input.endpoint_id, {
    overlapMs: input.overlap_seconds * 1000,
  });
  return { ...toWebhookEndpointJson(endpoint), secret };
}

export async function listWebhookDeliveriesCore(
  input: z.output<typeof listDeliveriesInput>,
  ctx: ApiServices,
) {
  const page = await listWebhookDeliveries(ctx.db, input.endpoint_id, {
    limit: input.limit,
    ...(input.cursor ? { cursor: input.cursor } : {}),
  });
  return { items: page.items.map(toWebhookDeliveryJson), next_cursor: page.nextCursor };
}

export async function redeliverWebhookCore(
  input: z.output<typeof redeliverInput>,
  ctx: ApiServices,
) {
  return toWebhookDeliveryJson(
    await redeliverWebhook(ctx.db, input.endpoint_id, input.delivery_id),
  );
}

export async function testWebhookCore(input: z.output<typeof endpointIdInput>, ctx: ApiServices) {
  return toWebhookDeliveryJson(await sendTestWebhook(ctx.db, input.endpoint_id));
}
