import type { OperationExamples } from "./examples";

const endpointId = "whep_8f14e45fceea167a5a36dedd4bea2543";
const deliveryId = "whdl_c9f0f895fb98ab9159f51fd0297e236d";
const endpointParam = { endpoint_id: endpointId };

const endpoint = {
  id: endpointId,
  url: "https://hook.eu1.make.com/abc123def456",
  event_types: ["run.completed", "run.failed"],
  description: "Make.com: continue the dossier scenario",
  enabled: true,
  disabled_reason: null,
  disabled_at: null,
  consecutive_failures: 0,
  previous_secret_expires_at: null,
  created_at: "2026-01-15T18:00:00.000Z",
  updated_at: "2026-01-15T18:00:00.000Z",
};
const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3bVh0Cbd+Q4=";

const delivery = {
  id: deliveryId,
  endpoint_id: endpointId,
  event_id: "evt_2c624232cdd221771294dfbb310aca00",
  event_type: "run.completed",
  status: "succeeded",
  attempts: 1,
  next_attempt_at: null,
  last_attempt_at: "2026-01-15T18:13:02.120Z",
  last_response_code: 200,
  last_error: null,
  last_response_body: "Accepted",
  delivered_at: "2026-01-15T18:13:02.120Z",
  created_at: "2026-01-15T18:13:02.010Z",
};
const pending = {
  ...delivery,
  status: "pending",
  next_attempt_at: "2026-01-16T09:00:00.000Z",
  delivered_at: null,
};

/** The webhooks router's examples, by operationId. */
export const webhookExamples: Record<string, OperationExamples> = {
  webhooksCreate: {
    request: {
      url: endpoint.url,
      event_types: endpoint.event_types,
      description: endpoint.description,
    },
    responses: { "201": { ...endpoint, secret } },
  },
  webhooksList: { responses: { "200": [endpoint] } },
  webhooksGet: {
    parameters: endpointParam,
    responses: {
      "200": {
        ...endpoint,
        enabled: false,
        disabled_reason:
          "disabled after 20 consecutive failed delivery attempts; the last: HTTP 503",
        disabled_at: "2026-01-16T08:00:00.000Z",
        consecutive_failures: 20,
        updated_at: "2026-01-16T08:00:00.000Z",
      },
    },
  },
  webhooksUpdate: {
    parameters: endpointParam,
    request: { enabled: true, event_types: ["run.failed"] },
    responses: {
      "200": { ...endpoint, event_types: ["run.failed"], updated_at: "2026-01-16T09:00:00.000Z" },
    },
  },
  webhooksDelete: { parameters: endpointParam, responses: { "200": endpoint } },
  webhooksRotateSecret: {
    parameters: endpointParam,
    request: { overlap_seconds: 86_400 },
    responses: {
      "200": {
        ...endpoint,
        previous_secret_expires_at: "2026-01-17T09:00:00.000Z",
        updated_at: "2026-01-16T09:00:00.000Z",
        secret: "whsec_3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      },
    },
  },
  webhooksDeliveries: {
    parameters: { ...endpointParam, limit: 20 },
    responses: { "200": { items: [delivery], next_cursor: null } },
  },
  webhooksRedeliver: {
    parameters: { ...endpointParam, delivery_id: deliveryId },
    request: {},
    responses: { "202": { ...pending, next_attempt_at: "2026-01-16T09:00:00.000Z" } },
  },
  webhooksTest: {
    parameters: endpointParam,
    request: {},
    responses: {
      "202": {
        ...pending,
        id: "whdl_45c48cce2e2d7fbdea1afc51c7c6ad26",
        event_id: "evt_d3d9446802a44259755d38e6d163e820",
        event_type: "webhook.test",
        attempts: 0,
        last_attempt_at: null,
        last_response_code: null,
        last_response_body: null,
        created_at: "2026-01-16T09:00:00.000Z",
      },
    },
  },
};
