import type { RunStatus, TriggeredBy } from "@columnline/domain";
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, numeric, pgTable, text } from "drizzle-orm/pg-core";
import { clients } from "./clients";
import { runStatusValues, triggeredByValuesSql } from "./enum-values";
import { timestamptz } from "./timestamptz";

/**
 * One pipeline run, with the seed's columns and types (see shared/seed/v2_runs.md),
 * plus bookkeeping: `total_cost_exact` keeps the unrounded sum so `total_cost`
 * is always round(total_cost_exact, 4) and never drifts from repeated rounding.
 */
export const runs = pgTable(
  "v2_runs",
  {
    runId: text("run_id").primaryKey(),
    clientId: text("client_id")
      .notNull()
      .references(() => clients.clientId),
    dossierId: text("dossier_id").unique(),
    status: text("status").$type<RunStatus>().notNull(),
    seedData: jsonb("seed_data").$type<Record<string, unknown>>(),
    totalTokens: integer("total_tokens").notNull().default(0),
    totalCost: numeric("total_cost", { precision: 10, scale: 4 }).notNull().default("0"),
    // Millisecond precision so a JS Date round-trips exactly (keyset cursors compare it).
    startedAt: timestamptz("started_at", { precision: 3 }).notNull(),
    completedAt: timestamptz("completed_at"),
    errorMessage: text("error_message"),
    triggeredBy: text("triggered_by").$type<TriggeredBy>(),
    configSnapshot: jsonb("config_snapshot").$type<Record<string, unknown>>(),
    totalCostExact: numeric("total_cost_exact").notNull().default("0"),
    createdAt: timestamptz("created_at").notNull().default(sql`now()`),
    updatedAt: timestamptz("updated_at").notNull().default(sql`now()`),
    // Bumped by every write to the run; the timeout reaper fails runs where it is stale.
    lastActivityAt: timestamptz("last_activity_at").notNull().default(sql`now()`),
  },
  (table) => [
    check("v2_runs_status_check", sql`${table.status} IN (${runStatusValues})`),
    check("v2_runs_triggered_by_check", sql`${table.triggeredBy} IN (${triggeredByValuesSql})`),
    check(
      "v2_runs_totals_check",
      sql`${table.totalTokens} >= 0 AND ${table.totalCostExact} >= 0 AND ${table.totalCost} = round(${table.totalCostExact}, 4)`,
    ),
    // "Most expensive runs": WHERE status = ? ORDER BY total_cost DESC, served in index order.
    index("v2_runs_status_total_cost_idx").on(
      table.status,
      table.totalCost.desc().nullsFirst(),
      table.runId,
    ),
    // Keyset pagination (started_at DESC, run_id DESC), per client and overall.
    index("v2_runs_client_started_idx").on(table.clientId, table.startedAt, table.runId),
    index("v2_runs_started_idx").on(table.startedAt, table.runId),
    // The runs page: sorted by cost (keyset over (total_cost, run_id), either direction) and
    // searched by a prefix of run_id or dossier_id (LIKE 'RUN\_2026%', any collation).
    index("v2_runs_total_cost_run_idx").on(table.totalCost, table.runId),
    index("v2_runs_run_id_pattern_idx").using("btree", table.runId.op("text_pattern_ops")),
    index("v2_runs_dossier_id_pattern_idx").using("btree", table.dossierId.op("text_pattern_ops")),
    // The reaper scans only unfinished runs.
    index("v2_runs_activity_idx")
      .on(table.lastActivityAt)
      .where(sql`${table.status} IN ('pending', 'running')`),
  ],
);
