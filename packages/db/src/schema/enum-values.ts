import { apiKeyScopes, runStatuses, triggeredByValues } from "@columnline/domain";
import { type SQL, sql } from "drizzle-orm";

/**
 * The domain's value lists rendered as SQL literals for CHECK constraints, so a
 * change in the domain shows up as a schema diff in `drizzle-kit generate`.
 */
const literalList = (values: readonly string[]): SQL =>
  sql.raw(values.map((value) => `'${value.replaceAll("'", "''")}'`).join(", "));

export const costSources = ["computed", "reported", "unpriced"] as const;

export const runStatusValues = literalList(runStatuses);
export const triggeredByValuesSql = literalList(triggeredByValues);
export const costSourceValues = literalList(costSources);
export const apiKeyScopeValues = literalList(apiKeyScopes);

/** The events an endpoint may subscribe to (the outbox's CHECK adds the test event). */
export const webhookEventTypes = [
  "run.completed",
  "run.failed",
  "budget.threshold_crossed",
  "budget.exceeded",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];
/** Sent only by the test action, to the one endpoint it names. */
export const WEBHOOK_TEST_EVENT_TYPE = "webhook.test";

export const webhookEventTypeValues = literalList(webhookEventTypes);
export const webhookEventTypesWithTestValues = literalList([
  ...webhookEventTypes,
  WEBHOOK_TEST_EVENT_TYPE,
]);
