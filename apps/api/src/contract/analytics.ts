import type { CostSummary, DayCost, ModelCost, TopRun } from "@columnline/db";
import { clientIdSchema, runIdSchema, runStatusSchema } from "@columnline/domain";
import { z } from "zod";
import { decimalStringJson, trimDecimal } from "./money";
import { instantFor } from "./time";

const filterFields = {
  status: runStatusSchema.default("completed"),
  client_id: clientIdSchema.optional(),
  from: instantFor("Runs started at or after").optional(),
  to: instantFor("Runs started before").optional(),
};

export const analyticsFilterInput = z.strictObject(filterFields);
export const topRunsInput = z.strictObject({
  ...filterFields,
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

export function toAnalyticsFilter(input: z.output<typeof analyticsFilterInput>) {
  return {
    status: input.status,
    ...(input.client_id ? { clientId: input.client_id } : {}),
    ...(input.from ? { from: input.from } : {}),
    ...(input.to ? { to: input.to } : {}),
  };
}

const money = decimalStringJson("USD, 4 places");

export const costSummaryJsonSchema = z.object({
  run_count: z.int(),
  total_tokens: z.int(),
  total_cost: money,
  avg_tokens: decimalStringJson("Mean tokens per run").nullable(),
  avg_cost: money.nullable(),
  p50_cost: money.nullable(),
  p95_cost: money.nullable(),
});

export const topRunJsonSchema = z.object({
  run_id: runIdSchema,
  client_id: clientIdSchema,
  status: runStatusSchema,
  total_tokens: z.int(),
  total_cost: money,
});

const ledgerTotalsShape = {
  step_count: z.int(),
  tokens: z.int(),
  cost: money.describe("Sum of priced steps, rounded to 4 places"),
  cost_exact: decimalStringJson("Sum of priced steps, exact"),
  unpriced_steps: z.int(),
};
export const modelCostJsonSchema = z.object({ model: z.string().nullable(), ...ledgerTotalsShape });
export const dayCostJsonSchema = z.object({
  day: z.iso.date().describe("UTC day, YYYY-MM-DD"),
  ...ledgerTotalsShape,
});

export const toCostSummaryJson = (summary: CostSummary): z.infer<typeof costSummaryJsonSchema> => ({
  run_count: summary.runCount,
  total_tokens: summary.totalTokens,
  total_cost: summary.totalCost,
  avg_tokens: summary.avgTokens,
  avg_cost: summary.avgCost,
  p50_cost: summary.p50Cost,
  p95_cost: summary.p95Cost,
});

export const toTopRunJson = (run: TopRun): z.infer<typeof topRunJsonSchema> => ({
  run_id: run.runId,
  client_id: run.clientId,
  status: run.status,
  total_tokens: run.totalTokens,
  total_cost: run.totalCost,
});

const ledgerTotalsJson = (totals: ModelCost | DayCost) => ({
  step_count: totals.stepCount,
  tokens: totals.tokens,
  cost: totals.cost,
  cost_exact: trimDecimal(totals.costExact),
  unpriced_steps: totals.unpricedSteps,
});
export const toModelCostJson = (row: ModelCost) => ({ model: row.model, ...ledgerTotalsJson(row) });
export const toDayCostJson = (row: DayCost) => ({ day: row.day, ...ledgerTotalsJson(row) });
