import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, unique } from "drizzle-orm/pg-core";
import { timestamptz } from "./timestamptz";
import { webhookEndpoints } from "./webhook-endpoints";
import { webhookEvents } from "./webhook-events";

export const webhookDeliveryStatuses = ["pending", "succeeded", "failed"] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/**
 * One event to one endpoint. `pending` until an attempt succeeds (`succeeded`) or the retry
 * schedule is exhausted (`failed`). A worker holds a delivery while `lease_expires_at` is in the
 * future and only the holder of `lease_token` may record the attempt; an expired lease (a
 * crashed instance) makes the delivery claimable again.
 */
export const webhookDeliveries = pgTable(
  "v2_webhook_deliveries",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id")
      .notNull()
      .references(() => webhookEvents.id, { onDelete: "cascade" }),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    status: text("status").$type<WebhookDeliveryStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamptz("next_attempt_at").notNull().default(sql`now()`),
    lastAttemptAt: timestamptz("last_attempt_at"),
    lastResponseCode: integer("last_response_code"),
    lastError: text("last_error"),
    lastResponseBody: text("last_response_body"),
    deliveredAt: timestamptz("delivered_at"),
    claimedBy: text("claimed_by"),
    leaseToken: text("lease_token"),
    leaseExpiresAt: timestamptz("lease_expires_at"),
    createdAt: timestamptz("created_at").notNull().default(sql`now()`),
    updatedAt: timestamptz("updated_at").notNull().default(sql`now()`),
  },
  (table) => [
    unique("v2_webhook_deliveries_event_endpoint_key").on(table.eventId, table.endpointId),
    check(
      "v2_webhook_deliveries_status_check",
      sql`${table.status} IN ('pending', 'succeeded', 'failed')`,
    ),
    check("v2_webhook_deliveries_attempts_check", sql`${table.attempts} >= 0`),
    index("v2_webhook_deliveries_due_idx")
      .on(table.nextAttemptAt)
      .where(sql`${table.status} = 'pending'`),
    index("v2_webhook_deliveries_endpoint_idx").on(
      table.endpointId,
      // nullsFirst: PostgreSQL's DESC, as the migration has it (drizzle's desc() says NULLS LAST).
      table.createdAt.desc().nullsFirst(),
      table.id.desc().nullsFirst(),
    ),
  ],
);
