import { sql } from "drizzle-orm";
import { boolean, check, integer, pgTable, text } from "drizzle-orm/pg-core";
import { webhookEventTypeValues } from "./enum-values";
import { timestamptz } from "./timestamptz";

/**
 * A receiver of signed webhooks (migration 0008). `secret` signs every delivery; after a
 * rotation `previous_secret` signs too until `previous_secret_expires_at`, so receivers can
 * switch over. `consecutive_failures` counts failed attempts since the last success; at the
 * configured limit the worker disables the endpoint and says why in `disabled_reason`.
 */
export const webhookEndpoints = pgTable(
  "v2_webhook_endpoints",
  {
    id: text("id").primaryKey(),
    url: text("url").notNull(),
    eventTypes: text("event_types").array().notNull(),
    description: text("description"),
    enabled: boolean("enabled").notNull().default(true),
    disabledReason: text("disabled_reason"),
    disabledAt: timestamptz("disabled_at"),
    secret: text("secret").notNull(),
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: timestamptz("previous_secret_expires_at"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    createdAt: timestamptz("created_at").notNull().default(sql`now()`),
    updatedAt: timestamptz("updated_at").notNull().default(sql`now()`),
  },
  (table) => [
    check("v2_webhook_endpoints_id_check", sql`${table.id} ~ '^whep_[0-9a-f]{32}$'`),
    check(
      "v2_webhook_endpoints_event_types_check",
      sql`${table.eventTypes} <@ ARRAY[${webhookEventTypeValues}]::text[] AND cardinality(${table.eventTypes}) > 0`,
    ),
    check(
      "v2_webhook_endpoints_secret_check",
      sql`${table.secret} ~ '^whsec_[A-Za-z0-9+/=]{32,}$'`,
    ),
    check(
      "v2_webhook_endpoints_previous_secret_check",
      sql`(${table.previousSecret} IS NULL) = (${table.previousSecretExpiresAt} IS NULL)`,
    ),
    check("v2_webhook_endpoints_failures_check", sql`${table.consecutiveFailures} >= 0`),
  ],
);
