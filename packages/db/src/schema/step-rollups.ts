import { sql } from "drizzle-orm";
import { bigint, check, numeric, pgTable, text, unique } from "drizzle-orm/pg-core";
import { timestamptz } from "./timestamptz";

/**
 * UTC hourly, daily and monthly (grain) sums of the step ledger up to v2_analytics_fold.steps_through,
 * written only by fold_analytics_rollups() (migrations 0010, 0012): per dimension ('model',
 * 'step_name': grp is that column, per client and over all clients as client_id ''; 'client':
 * grp is the client). Readers add the steps after steps_through from the ledger.
 */
export const stepRollups = pgTable(
  "v2_step_rollups",
  {
    grain: text("grain").$type<"hour" | "day" | "month">().notNull(),
    dimension: text("dimension").notNull(),
    clientId: text("client_id").notNull(),
    bucket: timestamptz("bucket").notNull(),
    grp: text("grp"),
    stepCount: bigint("step_count", { mode: "number" }).notNull(),
    tokens: bigint("tokens", { mode: "number" }).notNull(),
    cost: numeric("cost").notNull(),
    unpricedSteps: bigint("unpriced_steps", { mode: "number" }).notNull(),
  },
  (table) => [
    unique("v2_step_rollups_key")
      .on(table.grain, table.dimension, table.clientId, table.bucket, table.grp)
      .nullsNotDistinct(),
    check("v2_step_rollups_grain_check", sql`${table.grain} IN ('hour', 'day', 'month')`),
    check(
      "v2_step_rollups_dimension_check",
      sql`${table.dimension} IN ('model', 'step_name', 'client')`,
    ),
  ],
);
