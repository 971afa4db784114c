import type { RecordStepResult, RunStep, RunTotals } from "@columnline/db";
import { costUsdSchema, runIdSchema, runStatusSchema, usageSchema } from "@columnline/domain";
import { z } from "zod";
import { snakeCaseKeys, trimDecimal, trimNullableDecimal } from "./money";
import { storableText } from "./text";

export const recordStepInput = z.strictObject({
  run_id: runIdSchema,
  step_id: storableText("step_id", 200).pipe(z.string().min(1, "step_id must not be empty")),
  step_name: storableText("step_name", 200).nullish(),
  model: storableText("model", 200).nullish(),
  usage: usageSchema,
  cost_usd: costUsdSchema.nullish(),
});

const money = z.string().describe("USD as a decimal string");

export const stepJsonSchema = z.object({
  run_id: z.string(),
  step_id: z.string(),
  step_name: z.string().nullable(),
  model: z.string().nullable(),
  provider: z.string().nullable(),
  usage: z.object({
    input_tokens: z.int(),
    output_tokens: z.int(),
    cache_read_tokens: z.int(),
    cache_write_tokens: z.int(),
    reasoning_tokens: z.int(),
  }),
  tokens: z.int().describe("input_tokens + output_tokens, added to the run's total_tokens"),
  cost: money.nullable().describe("null when unpriced"),
  cost_source: z.enum(["computed", "reported", "unpriced"]),
  unpriced_reason: z.string().nullable(),
  price_details: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe("The unit prices, source and catalog version used"),
  late: z.boolean().describe("Recorded after the run had completed or failed"),
  recorded_at: z.string(),
});

export const runTotalsJsonSchema = z.object({
  run_id: z.string(),
  client_id: z.string(),
  status: runStatusSchema,
  total_tokens: z.int(),
  total_cost: money,
  total_cost_exact: money,
  last_activity_at: z.string(),
});

export const recordStepJsonSchema = z.object({
  step: stepJsonSchema,
  run: runTotalsJsonSchema,
  duplicate: z
    .boolean()
    .describe("true when this exact request was recorded before: nothing changed"),
});

export function toStepJson(step: RunStep): z.infer<typeof stepJsonSchema> {
  return {
    run_id: step.runId,
    step_id: step.stepId,
    step_name: step.stepName,
    model: step.model,
    provider: step.provider,
    usage: {
      input_tokens: step.inputTokens,
      output_tokens: step.outputTokens,
      cache_read_tokens: step.cacheReadTokens,
      cache_write_tokens: step.cacheWriteTokens,
      reasoning_tokens: step.reasoningTokens,
    },
    tokens: step.tokens,
    cost: trimNullableDecimal(step.cost),
    cost_source: step.costSource,
    unpriced_reason: step.unpricedReason,
    price_details:
      step.priceDetails === null
        ? null
        : (snakeCaseKeys(step.priceDetails) as Record<string, unknown>),
    late: step.late,
    recorded_at: step.recordedAt.toISOString(),
  };
}

function toRunTotalsJson(run: RunTotals): z.infer<typeof runTotalsJsonSchema> {
  return {
    run_id: run.runId,
    client_id: run.clientId,
    status: run.status,
    total_tokens: run.totalTokens,
    total_cost: run.totalCost,
    total_cost_exact: trimDecimal(run.totalCostExact),
    last_activity_at: run.lastActivityAt.toISOString(),
  };
}

export function toRecordStepJson(result: RecordStepResult): z.infer<typeof recordStepJsonSchema> {
  return {
    step: toStepJson(result.step),
    run: toRunTotalsJson(result.run),
    duplicate: result.duplicate,
  };
}
