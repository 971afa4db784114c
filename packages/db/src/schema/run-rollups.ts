import type { RunStatus } from "@columnline/domain";
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  numeric,
  pgTable,
  text,
  unique,
} from "drizzle-orm/pg-core";
import { timestamptz } from "./timestamptz";

/**
 * Runs per (grain: UTC hour, day or month of started_at; client, or '' for all clients; current
 * status): count and the sums of total_tokens and total_cost of finished runs, folded from
 * v2_run_rollup_deltas by fold_analytics_rollups() (migrations 0010, 0012).
 */
export const runRollups = pgTable(
  "v2_run_rollups",
  {
    grain: text("grain").$type<"hour" | "day" | "month">().notNull(),
    clientId: text("client_id").notNull(),
    bucket: timestamptz("bucket").notNull(),
    status: text("status").$type<RunStatus>().notNull(),
    runs: bigint("runs", { mode: "number" }).notNull(),
    totalTokens: bigint("total_tokens", { mode: "number" }).notNull(),
    totalCost: numeric("total_cost").notNull(),
  },
  (table) => [
    unique("v2_run_rollups_key").on(table.grain, table.clientId, table.bucket, table.status),
    check("v2_run_rollups_grain_check", sql`${table.grain} IN ('hour', 'day', 'month')`),
    // Every client's rows in a bucket range (client_id <> ''): migration 0012.
    index("v2_run_rollups_grain_bucket_idx").on(table.grain, table.bucket),
  ],
);

/** Run changes the fold has not added to v2_run_rollups yet (appended by a trigger on v2_runs). */
export const runRollupDeltas = pgTable("v2_run_rollup_deltas", {
  clientId: text("client_id").notNull(),
  hour: timestamptz("hour").notNull(),
  status: text("status").$type<RunStatus>().notNull(),
  runs: integer("runs").notNull(),
  totalTokens: bigint("total_tokens", { mode: "number" }).notNull(),
  totalCost: numeric("total_cost").notNull(),
});

/** The fold's one-row state: the steps with id <= stepsThrough are in v2_step_rollups. */
export const analyticsFold = pgTable(
  "v2_analytics_fold",
  {
    id: boolean("id").primaryKey().default(true),
    stepsThrough: bigint("steps_through", { mode: "number" }).notNull(),
    pendingThrough: bigint("pending_through", { mode: "number" }),
    pendingHolders: text("pending_holders").array(),
    foldedAt: timestamptz("folded_at"),
  },
  (table) => [check("v2_analytics_fold_one_row", sql`${table.id}`)],
);
