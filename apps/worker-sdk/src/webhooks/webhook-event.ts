import type { Budget, Run } from "../api-types.js";

/** The event types the API sends; an endpoint subscribes to some of them (webhook.test comes on request). */
export const webhookEventTypes = [
  "run.completed",
  "run.failed",
  "budget.threshold_crossed",
  "budget.exceeded",
  "webhook.test",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Every event is this envelope (the Standard Webhooks payload shape): what happened, when, and the object. */
interface WebhookEnvelope<Type extends WebhookEventType, Data> {
  type: Type;
  /** When the change happened (ISO 8601, UTC); a redelivery keeps it. */
  timestamp: string;
  data: Data;
}

/** A run event's data: the run as GET /api/v1/runs/{run_id} returns it, and why it ended. */
export interface RunEventData {
  run: Run;
  /** true when the API's reaper failed the run after RUN_TIMEOUT without activity. */
  timed_out: boolean;
}
export type RunCompletedEvent = WebhookEnvelope<"run.completed", RunEventData>;
export type RunFailedEvent = WebhookEnvelope<"run.failed", RunEventData>;
/**
 * A budget event's data: the budget as GET /api/v1/clients/{client_id}/budget returns it, in
 * the period the crossing happened (spend and limit as decimal strings), and the threshold
 * crossed (a fraction of the limit; 1 is the limit itself, sent as budget.exceeded).
 */
export interface BudgetEventData {
  budget: Budget;
  threshold: number;
}
export type BudgetThresholdCrossedEvent = WebhookEnvelope<
  "budget.threshold_crossed",
  BudgetEventData
>;
export type BudgetExceededEvent = WebhookEnvelope<"budget.exceeded", BudgetEventData>;

/** Sent by `webhooks test`: proves the endpoint, its secret and the receiver's check work. */
export type WebhookTestEvent = WebhookEnvelope<
  "webhook.test",
  { endpoint_id: string; message: string }
>;

/** A verified event; narrow it with `switch (event.type)`. */
export type WebhookEvent =
  | RunCompletedEvent
  | RunFailedEvent
  | BudgetThresholdCrossedEvent
  | BudgetExceededEvent
  | WebhookTestEvent;
