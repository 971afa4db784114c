import {
  type ClientSpend,
  type CostSeriesRow,
  costSeriesGroups,
  MAX_SERIES_DAYS,
  MAX_UNPRICED_STEPS_PAGE,
  type PeriodSpend,
  parseTimeZone,
  type RunsByStatus,
  type SpendPeriod,
  spendPeriodNames,
  type UnpricedSteps,
} from "@columnline/db";
import { clientIdSchema, runIdSchema, TIME_ZONE_NAME } from "@columnline/domain";
import { z } from "zod";
import { CURSOR_NOTE } from "./client";
import { decimalStringJson, trimDecimal } from "./money";
import { instantFor, isoTimeJson } from "./time";

const timeZoneInput = z
  .string()
  .regex(
    TIME_ZONE_NAME,
    "Expected an IANA time zone name such as UTC, Europe/Paris or America/New_York",
  )
  .refine((name) => {
    try {
      return parseTimeZone(name) === name;
    } catch {
      return false;
    }
  }, "Expected an IANA time zone name such as UTC, Europe/Paris or America/New_York")
  .default("UTC")
  .describe(
    "IANA time zone name whose local midnights bound the days (default UTC), e.g. Europe/Paris or America/New_York. A name the time zone database does not know is a 400, and so is a POSIX-style offset such as UTC+3 or GMT-5 (PostgreSQL reads its sign reversed; Etc/GMT-3 is the IANA name)",
  );

/** The range rules the per-day analytics enforce, in their `to`'s description. */
const RANGE_NOTE = `which must be after from and at most ${MAX_SERIES_DAYS} days after it`;

const stepRange = {
  from: instantFor("Steps recorded at or after this time"),
  to: instantFor(`Steps recorded before this time, ${RANGE_NOTE}`),
};
const runRange = {
  from: instantFor("Runs started at or after this time"),
  to: instantFor(`Runs started before this time, ${RANGE_NOTE}`),
};

export const costSeriesInput = z.strictObject({
  ...stepRange,
  time_zone: timeZoneInput,
  group_by: z.enum(costSeriesGroups).default("model"),
  client_id: clientIdSchema.optional(),
});
export const spendPeriodsInput = z.strictObject({
  time_zone: timeZoneInput,
  at: instantFor("Any instant of the last day of the periods (default now)").optional(),
  client_id: clientIdSchema.optional(),
});
export const spendByClientInput = z.strictObject(stepRange);
export const runsByStatusInput = z.strictObject({
  ...runRange,
  time_zone: timeZoneInput,
  client_id: clientIdSchema.optional(),
});
export const unpricedStepsInput = z.strictObject({
  from: instantFor("Steps recorded at or after this time").optional(),
  to: instantFor(
    "Steps recorded before this time, which must be after from when both are given",
  ).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_UNPRICED_STEPS_PAGE).default(50),
  cursor: z.string().min(1).max(200).optional().describe(CURSOR_NOTE),
});

const money = decimalStringJson("USD, 4 places");
const exact = decimalStringJson("USD, exact");
const localDay = z.iso.date().describe("Local day in time_zone, YYYY-MM-DD");

export const costSeriesRowJsonSchema = z.object({
  day: localDay,
  group: z
    .string()
    .nullable()
    .describe("Model, client_id or step name; null when the step had none"),
  step_count: z.int(),
  tokens: z.int(),
  cost: money,
  cost_exact: exact,
  unpriced_steps: z.int(),
});

const periodSpendShape = {
  from: isoTimeJson.describe("First instant of the period (a local midnight)"),
  to: isoTimeJson.describe("End of the period, exclusive (a local midnight)"),
  cost: money,
  cost_exact: exact,
  step_count: z.int(),
  unpriced_steps: z.int(),
};
export const spendPeriodJsonSchema = z.object({
  period: z.enum(spendPeriodNames),
  ...periodSpendShape,
  previous: z.object(periodSpendShape).describe("The period just before, of the same length"),
});

export const clientSpendJsonSchema = z.object({
  client_id: clientIdSchema,
  name: z.string(),
  cost: money,
  cost_exact: exact,
  runs: z.int().describe("Runs started in the range"),
  completed_runs: z.int(),
  failed_runs: z.int(),
  average_run_cost: money
    .nullable()
    .describe("Mean total_cost of the completed runs started in the range"),
});

const statusCounts = {
  pending: z.int(),
  running: z.int(),
  completed: z.int(),
  failed: z.int(),
};
export const runsByStatusJsonSchema = z.object({
  days: z.array(z.object({ day: localDay, ...statusCounts })),
  totals: z.object(statusCounts),
  failure_rate: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe("failed / (completed + failed), 4 places; null when neither"),
});

export const unpricedStepsJsonSchema = z.object({
  total: z.int().describe("Unpriced steps recorded in the range, all pages"),
  steps: z.array(
    z.object({
      run_id: runIdSchema,
      step_id: z.string(),
      step_name: z.string().nullable(),
      model: z.string().nullable(),
      provider: z.string().nullable(),
      reason: z.string().nullable().describe("Why no price applied"),
      recorded_at: isoTimeJson,
    }),
  ),
  next_cursor: z.string().nullable(),
});

export const toCostSeriesRowJson = (row: CostSeriesRow) => ({
  day: row.day,
  group: row.group,
  step_count: row.stepCount,
  tokens: row.tokens,
  cost: row.cost,
  cost_exact: trimDecimal(row.costExact),
  unpriced_steps: row.unpricedSteps,
});

const toPeriodSpendJson = (spend: PeriodSpend) => ({
  from: spend.from.toISOString(),
  to: spend.to.toISOString(),
  cost: spend.cost,
  cost_exact: trimDecimal(spend.costExact),
  step_count: spend.stepCount,
  unpriced_steps: spend.unpricedSteps,
});
export const toSpendPeriodJson = (period: SpendPeriod) => ({
  period: period.period,
  ...toPeriodSpendJson(period),
  previous: toPeriodSpendJson(period.previous),
});

export const toClientSpendJson = (client: ClientSpend) => ({
  client_id: client.clientId,
  name: client.name,
  cost: client.cost,
  cost_exact: trimDecimal(client.costExact),
  runs: client.runs,
  completed_runs: client.completedRuns,
  failed_runs: client.failedRuns,
  average_run_cost: client.averageRunCost,
});

export const toRunsByStatusJson = (answer: RunsByStatus) => ({
  days: answer.days,
  totals: answer.totals,
  failure_rate: answer.failureRate,
});

export const toUnpricedStepsJson = (answer: UnpricedSteps) => ({
  total: answer.total,
  steps: answer.steps.map((step) => ({
    run_id: step.runId,
    step_id: step.stepId,
    step_name: step.stepName,
    model: step.model,
    provider: step.provider,
    reason: step.reason,
    recorded_at: step.recordedAt.toISOString(),
  })),
  next_cursor: answer.nextCursor,
});
