import { sql } from "drizzle-orm";
import { check, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { webhookEventTypesWithTestValues } from "./enum-values";
import { timestamptz } from "./timestamptz";

/**
 * The outbox: one row per event, written by public.emit_event in the transaction of the change
 * it reports. `dedupe_key` makes an event happen once (e.g. `run.completed:RUN_...`).
 */
export const webhookEvents = pgTable(
  "v2_webhook_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    dedupeKey: text("dedupe_key").unique(),
    createdAt: timestamptz("created_at").notNull().default(sql`now()`),
  },
  (table) => [
    check(
      "v2_webhook_events_type_check",
      sql`${table.type} IN (${webhookEventTypesWithTestValues})`,
    ),
  ],
);
