import type { CostSource } from "@columnline/domain";
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  unique,
} from "drizzle-orm/pg-core";
import { costSourceValues } from "./enum-values";
import { runs } from "./runs";
import { timestamptz } from "./timestamptz";

/**
 * The cost ledger: one row per recorded step. A run's totals always equal the
 * sums over its rows, because record_run_step writes both in one transaction.
 */
export const runSteps = pgTable(
  "v2_run_steps",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.runId),
    // The caller's idempotency key, unique within the run.
    stepId: text("step_id").notNull(),
    stepName: text("step_name"),
    model: text("model"),
    provider: text("provider"),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    cacheReadTokens: integer("cache_read_tokens").notNull().default(0),
    cacheWriteTokens: integer("cache_write_tokens").notNull().default(0),
    reasoningTokens: integer("reasoning_tokens").notNull().default(0),
    // The usage counts beyond the five above that the step reported (cache_write_1h_tokens,
    // requests, web_searches, ...), only those not at their default; NULL when none.
    usageDetails: jsonb("usage_details").$type<Record<string, number>>(),
    tokens: integer("tokens").notNull().generatedAlwaysAs(sql`input_tokens + output_tokens`),
    // NULL when the step could not be priced (unknown model, no override).
    cost: numeric("cost", { precision: 20, scale: 10 }),
    costSource: text("cost_source").$type<CostSource>().notNull(),
    unpricedReason: text("unpriced_reason"),
    priceDetails: jsonb("price_details").$type<Record<string, unknown>>(),
    reportedCost: numeric("reported_cost", { precision: 20, scale: 10 }),
    // Recorded after the run had completed or failed; still counted in its totals.
    late: boolean("late").notNull().default(false),
    // sha256 of the canonical caller request: same key + same hash = a retried duplicate.
    requestFingerprint: text("request_fingerprint").notNull(),
    recordedAt: timestamptz("recorded_at").notNull().default(sql`now()`),
    // When the step ran, as its caller measured it (optional; the end is start + duration).
    startedAt: timestamptz("started_at", { precision: 3 }),
    durationMs: integer("duration_ms"),
    // The caller's own JSON object about the step (at most 16 KB, checked before the call).
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
  },
  (table) => [
    unique("v2_run_steps_run_id_step_id_key").on(table.runId, table.stepId),
    check("v2_run_steps_cost_source_check", sql`${table.costSource} IN (${costSourceValues})`),
    check(
      "v2_run_steps_tokens_check",
      sql`${table.inputTokens} >= 0 AND ${table.outputTokens} >= 0 AND ${table.cacheReadTokens} >= 0 AND ${table.cacheWriteTokens} >= 0 AND ${table.reasoningTokens} >= 0`,
    ),
    check("v2_run_steps_cost_check", sql`${table.cost} IS NULL OR ${table.cost} >= 0`),
    check(
      "v2_run_steps_usage_details_check",
      sql`${table.usageDetails} IS NULL OR jsonb_typeof(${table.usageDetails}) = 'object'`,
    ),
    check(
      "v2_run_steps_duration_ms_check",
      sql`${table.durationMs} IS NULL OR (${table.durationMs} >= 0 AND ${table.durationMs} <= 604800000)`,
    ),
    check(
      "v2_run_steps_metadata_check",
      sql`${table.metadata} IS NULL OR jsonb_typeof(${table.metadata}) = 'object'`,
    ),
    // Cost by model and by day, over the whole ledger.
    index("v2_run_steps_model_idx").on(table.model),
    index("v2_run_steps_recorded_at_idx").on(table.recordedAt),
    // The unpriced-steps list, newest first (migration 0006).
    index("v2_run_steps_unpriced_idx")
      .on(table.recordedAt.desc().nullsFirst(), table.id.desc().nullsFirst())
      .where(sql`${table.costSource} = 'unpriced'`),
  ],
);
