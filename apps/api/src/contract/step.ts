import type { RecordStepResult, RunStep, RunTotals } from "@columnline/db";
import {
  clientIdSchema,
  costUsdSchema,
  EXTRA_USAGE_FIELD_NAMES,
  EXTRA_USAGE_FIELDS,
  type ExtraUsageField,
  runIdSchema,
  runStatusSchema,
  usageSchema,
} from "@columnline/domain";
import { z } from "zod";
import { decimalStringJson, snakeCaseKeys, trimDecimal, trimNullableDecimal } from "./money";
import { checkStepTiming, stepTimingFields, stepTimingJson, toStepTimingJson } from "./step-timing";
import { nonBlankJsonSchema, storableText } from "./text";
import { isoTimeJson } from "./time";

/** Text the ledger keeps as sent, but never blank (the db would refuse it under another name). */
const nonBlankText = (field: string) =>
  storableText(field, 200)
    .refine((value) => value.trim() !== "", `${field} must not be blank`)
    .meta(nonBlankJsonSchema(field));

/** A run's total_tokens is a 32-bit integer column. */
const MAX_RUN_TOKENS = 2_147_483_647;

export const recordStepInput = z
  .strictObject({
    run_id: runIdSchema,
    step_id: nonBlankText("step_id"),
    step_name: nonBlankText("step_name").nullish(),
    model: nonBlankText("model").nullish(),
    // A step that alone could never fit a run's totals is invalid input (400 naming the field),
    // not an overflow of the totals (422).
    usage: usageSchema
      .superRefine((usage, ctx) => {
        const total = usage.input_tokens + usage.output_tokens;
        if (total <= MAX_RUN_TOKENS) return;
        ctx.addIssue({
          code: "custom",
          path: [usage.input_tokens > MAX_RUN_TOKENS ? "input_tokens" : "output_tokens"],
          message: `input_tokens + output_tokens (${total}) must not exceed ${MAX_RUN_TOKENS}`,
        });
      })
      .meta({
        description: `${usageSchema.description ?? ""} A step's input_tokens + output_tokens must not exceed ${MAX_RUN_TOKENS} (a run's total_tokens column).`,
      }),
    // Below 10^10 USD, the ledger's NUMERIC(20,10): the domain holds a computed cost to it too.
    cost_usd: costUsdSchema.nullish(),
    ...stepTimingFields,
  })
  .superRefine(checkStepTiming);

type ExtraUsageJson = { [F in ExtraUsageField]: z.ZodOptional<z.ZodInt> };

/** The usage counts beyond the five token counts: present only when the step reported them. */
function extraUsageJson(): ExtraUsageJson {
  const shape = {} as ExtraUsageJson;
  for (const field of EXTRA_USAGE_FIELD_NAMES) {
    shape[field] = z.int().describe(EXTRA_USAGE_FIELDS[field].description).optional();
  }
  return shape;
}

export const stepJsonSchema = z.object({
  run_id: runIdSchema,
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
    ...extraUsageJson(),
  }),
  tokens: z.int().describe("input_tokens + output_tokens, added to the run's total_tokens"),
  cost: decimalStringJson("USD, exact to 10 places").nullable().describe("null when unpriced"),
  cost_source: z.enum(["computed", "reported", "unpriced"]),
  unpriced_reason: z.string().nullable(),
  price_details: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe(
      "What the step was priced with: source, catalog version, the matched model and how it was matched, and every price component (key, usage, quantity, unit_price, per, amount) whose amounts sum to exact_cost",
    ),
  late: z.boolean().describe("Recorded after the run had completed or failed"),
  recorded_at: isoTimeJson,
  ...stepTimingJson,
});

export const runTotalsJsonSchema = z.object({
  run_id: runIdSchema,
  client_id: clientIdSchema,
  status: runStatusSchema,
  total_tokens: z.int(),
  total_cost: decimalStringJson("USD, rounded half away from zero to 4 places"),
  total_cost_exact: decimalStringJson("USD, exact"),
  last_activity_at: isoTimeJson,
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
      ...step.usageDetails,
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
    ...toStepTimingJson(step),
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
