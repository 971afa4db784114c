import { sql } from "drizzle-orm";
import { check, index, numeric, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { clients } from "./clients";
import { timestamptz } from "./timestamptz";

/**
 * Price overrides per million tokens, USD. client_id NULL is a global price; a
 * client's own row wins over it. The latest effective_from at or before a step wins,
 * among those not ended by then (effective_until is exclusive).
 */
export const modelPrices = pgTable(
  "v2_model_prices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    model: text("model").notNull(),
    provider: text("provider"),
    clientId: text("client_id").references(() => clients.clientId, { onDelete: "cascade" }),
    effectiveFrom: timestamptz("effective_from").notNull(),
    // Exclusive end; null while open-ended (migration 0011).
    effectiveUntil: timestamptz("effective_until"),
    inputMtok: numeric("input_mtok").notNull(),
    outputMtok: numeric("output_mtok").notNull(),
    cacheReadMtok: numeric("cache_read_mtok"),
    cacheWriteMtok: numeric("cache_write_mtok"),
    createdAt: timestamptz("created_at").notNull().default(sql`now()`),
  },
  (table) => [
    // NULLS NOT DISTINCT: two global prices for one model and instant are duplicates too.
    unique("v2_model_prices_model_client_from_key")
      .on(table.model, table.clientId, table.effectiveFrom)
      .nullsNotDistinct(),
    index("v2_model_prices_client_idx").on(table.clientId),
    check(
      "v2_model_prices_effective_range_check",
      sql`${table.effectiveUntil} IS NULL OR ${table.effectiveUntil} > ${table.effectiveFrom}`,
    ),
    check(
      "v2_model_prices_non_negative_check",
      sql`${table.inputMtok} >= 0 AND ${table.outputMtok} >= 0 AND coalesce(${table.cacheReadMtok}, 0) >= 0 AND coalesce(${table.cacheWriteMtok}, 0) >= 0`,
    ),
  ],
);
