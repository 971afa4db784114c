import { sql } from "drizzle-orm";
import { check, numeric, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { clients } from "./clients";
import { timestamptz } from "./timestamptz";

/**
 * Budgets: one per client, at most one global (client_id NULL). Spend is not kept here: it
 * is re-derived from the ledger when read, so recording a step never touches this table.
 */
export const budgets = pgTable(
  "v2_budgets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientId: text("client_id").references(() => clients.clientId, { onDelete: "cascade" }),
    period: text("period").notNull(),
    timeZone: text("time_zone").notNull(),
    limitUsd: numeric("limit_usd", { precision: 22, scale: 10 }).notNull(),
    thresholds: numeric("thresholds", { precision: 6, scale: 4 }).array().notNull(),
    action: text("action").notNull(),
    createdAt: timestamptz("created_at").notNull().default(sql`now()`),
    updatedAt: timestamptz("updated_at").notNull().default(sql`now()`),
  },
  (table) => [
    check("v2_budgets_period_check", sql`${table.period} IN ('day', 'week', 'month')`),
    check("v2_budgets_action_check", sql`${table.action} IN ('block_new_runs', 'notify_only')`),
    check("v2_budgets_limit_check", sql`${table.limitUsd} > 0`),
    check("v2_budgets_thresholds_check", sql`cardinality(${table.thresholds}) BETWEEN 1 AND 10`),
    uniqueIndex("v2_budgets_scope_idx").using("btree", sql`(coalesce(${table.clientId}, ''))`),
  ],
);
