import { z } from "zod";
import {
  createWebhookInput,
  endpointIdInput,
  listDeliveriesInput,
  redeliverInput,
  rotateSecretInput,
  updateWebhookInput,
  webhookDeliveryJsonSchema,
  webhookDeliveryPageJsonSchema,
  webhookEndpointJsonSchema,
  webhookEndpointWithSecretJsonSchema,
} from "../contract/webhook";
import {
  createWebhookCore,
  deleteWebhookCore,
  getWebhookCore,
  listWebhookDeliveriesCore,
  listWebhooksCore,
  redeliverWebhookCore,
  rotateWebhookSecretCore,
  testWebhookCore,
  updateWebhookCore,
} from "../core/webhooks-core";
import { createTRPCRouter, scopedProcedure } from "../trpc";

/** Signed webhook endpoints and their delivery logs (admin). */
export const webhooksRouter = createTRPCRouter({
  create: scopedProcedure("admin")
    .meta({
      rest: {
        method: "POST",
        path: "/webhooks",
        summary: "Register a webhook endpoint; its signing secret is in this response only",
        response: webhookEndpointWithSecretJsonSchema,
        status: 201,
      },
    })
    .input(createWebhookInput)
    .mutation(({ input, ctx }) => createWebhookCore(input, ctx)),

  list: scopedProcedure("admin")
    .meta({
      rest: {
        method: "GET",
        path: "/webhooks",
        summary: "List webhook endpoints (never their secrets)",
        response: z.array(webhookEndpointJsonSchema),
      },
    })
    .input(z.strictObject({}).optional())
    .query(({ ctx }) => listWebhooksCore(ctx)),

  get: scopedProcedure("admin")
    .meta({
      rest: {
        method: "GET",
        path: "/webhooks/{endpoint_id}",
        errors: ["NOT_FOUND"],
        summary: "Read a webhook endpoint: enabled or not, and why it was disabled",
        response: webhookEndpointJsonSchema,
      },
    })
    .input(endpointIdInput)
    .query(({ input, ctx }) => getWebhookCore(input, ctx)),

  update: scopedProcedure("admin")
    .meta({
      rest: {
        method: "PATCH",
        path: "/webhooks/{endpoint_id}",
        errors: ["NOT_FOUND"],
        summary: "Change a webhook endpoint's url, events, description or enabled",
        response: webhookEndpointJsonSchema,
      },
    })
    .input(updateWebhookInput)
    .mutation(({ input, ctx }) => updateWebhookCore(input, ctx)),

  delete: scopedProcedure("admin")
    .meta({
      rest: {
        method: "DELETE",
        path: "/webhooks/{endpoint_id}",
        errors: ["NOT_FOUND"],
        summary: "Remove a webhook endpoint and its delivery log",
        response: webhookEndpointJsonSchema,
      },
    })
    .input(endpointIdInput)
    .mutation(({ input, ctx }) => deleteWebhookCore(input, ctx)),

  rotateSecret: scopedProcedure("admin")
    .meta({
      rest: {
        method: "POST",
        path: "/webhooks/{endpoint_id}/rotate-secret",
        errors: ["NOT_FOUND"],
        summary:
          "Replace the signing secret (shown in this response only); the old one still signs for overlap_seconds",
        response: webhookEndpointWithSecretJsonSchema,
      },
    })
    .input(rotateSecretInput)
    .mutation(({ input, ctx }) => rotateWebhookSecretCore(input, ctx)),

  deliveries: scopedProcedure("admin")
    .meta({
      rest: {
        method: "GET",
        path: "/webhooks/{endpoint_id}/deliveries",
        errors: ["NOT_FOUND"],
        summary: "An endpoint's delivery log, newest first: status, attempts, last response",
        response: webhookDeliveryPageJsonSchema,
      },
    })
    .input(listDeliveriesInput)
    .query(({ input, ctx }) => listWebhookDeliveriesCore(input, ctx)),

  redeliver: scopedProcedure("admin")
    .meta({
      rest: {
        method: "POST",
        path: "/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver",
        errors: ["NOT_FOUND", "CONFLICT"],
        summary:
          "Send a delivery again now (same event, same webhook-id); 409 while the endpoint is disabled",
        response: webhookDeliveryJsonSchema,
        status: 202,
      },
    })
    .input(redeliverInput)
    .mutation(({ input, ctx }) => redeliverWebhookCore(input, ctx)),

  test: scopedProcedure("admin")
    .meta({
      rest: {
        method: "POST",
        path: "/webhooks/{endpoint_id}/test",
        errors: ["NOT_FOUND", "CONFLICT"],
        summary:
          "Send a signed webhook.test event to this endpoint now; 409 while the endpoint is disabled",
        response: webhookDeliveryJsonSchema,
        status: 202,
      },
    })
    .input(endpointIdInput)
    .mutation(({ input, ctx }) => testWebhookCore(input, ctx)),
});
