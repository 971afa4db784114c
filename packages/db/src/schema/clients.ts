import { sql } from "drizzle-orm";
import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { timestamptz } from "./timestamptz";

/** A customer whose pipeline runs we track; `config` is snapshotted into each run. */
export const clients = pgTable("v2_clients", {
  clientId: text("client_id").primaryKey(),
  name: text("name").notNull(),
  config: jsonb("config").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  createdAt: timestamptz("created_at").notNull().default(sql`now()`),
  updatedAt: timestamptz("updated_at").notNull().default(sql`now()`),
});
