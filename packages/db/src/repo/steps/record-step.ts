import {
  notFound,
  type PriceOverride,
  parseUsage,
  priceStep,
  type RunStatus,
  type StepPricing,
  type Usage,
} from "@columnline/domain";
import { sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { type DbExecutor, type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { findDriverError } from "../../internal/driver-error";
import { queryRows, type RawRow } from "../../internal/rows";
import { parseNonEmptyText } from "../../internal/validate";
import { modelMatchKeys } from "../prices/model-match";
import { loadPricingContext } from "./load-pricing-context";
import { requestFingerprint } from "./request-fingerprint";
import { toRunTotals, toStep } from "./step-row";
import type { RecordStepInput, RecordStepResult } from "./types";

export interface RecordStepOptions {
  /** The step's completion time: it picks the prices and is stored as recorded_at. */
  now?: Date;
}

/**
 * SQLSTATE record_run_step raises (before writing anything) when it was given the
 * step's model match keys and a price override could apply to the new step
 * (migrations/0002_record_step_override_check.sql). Never leaves recordStep.
 */
export const OVERRIDE_MAY_APPLY_SQLSTATE = "CLPO1";

interface ParsedStep {
  runId: string;
  stepId: string;
  stepName: string | null;
  model: string | null;
  usage: Usage;
  costUsd: string | number | null;
  now: Date;
}

/**
 * Records one step exactly once, in ONE round trip when no price override can apply:
 * the step is priced from the catalog alone and record_run_step, once it holds the
 * run's lock, checks whether an override could apply (the run's client's or a global
 * one for this model, effective by the step's time). If one could, it writes nothing
 * and raises CLPO1; the step is then recorded the exact way: load the run's client and
 * candidate overrides, price with them, call record_run_step again. Either way a step
 * with an applicable override is priced with it. Inside a caller's transaction the
 * exact two-trip path is taken directly (an error would abort the transaction).
 * A retry of the same request returns the stored step with duplicate: true; the same
 * stepId with a different request is a CONFLICT. A pending run is a CONFLICT; a
 * completed/failed run takes the step as late.
 */
export async function recordStep(
  handle: DbHandle,
  runId: string,
  input: RecordStepInput,
  options: RecordStepOptions = {},
): Promise<RecordStepResult> {
  const step: ParsedStep = {
    runId,
    stepId: parseNonEmptyText(input.stepId, "stepId"),
    stepName: input.stepName == null ? null : parseNonEmptyText(input.stepName, "stepName"),
    model: input.model == null ? null : parseNonEmptyText(input.model, "model"),
    usage: parseUsage(input.usage),
    costUsd: input.costUsd ?? null,
    now: options.now ?? new Date(),
  };

  return withDomainErrors(async () => {
    const executor = executorOf(handle);
    if (executor instanceof PgTransaction) return recordWithOverrides(executor, step);

    // Catalog-only pricing; record_run_step refuses it if an override could apply.
    const priced = priceWith(step, null, []);
    const overrideKeys = modelMatchKeys(step.model);
    try {
      return toResult(await callRecordRunStep(executor, step, priced, overrideKeys));
    } catch (error) {
      const code = findDriverError(error)?.code;
      if (code === OVERRIDE_MAY_APPLY_SQLSTATE) return recordWithOverrides(executor, step);
      // The same answer as the exact path gives (its first query finds no run).
      if (code === "P0002") throw notFound("run", runId);
      throw error;
    }
  });
}

/** The exact path: the run's client and candidate overrides first, then one call. */
async function recordWithOverrides(
  executor: DbExecutor,
  step: ParsedStep,
): Promise<RecordStepResult> {
  const context = await loadPricingContext(executor, step.runId, step.model, step.now);
  const priced = priceWith(step, context.clientId, context.overrides);
  return toResult(await callRecordRunStep(executor, step, priced, null));
}

function priceWith(
  step: ParsedStep,
  clientId: string | null,
  overrides: PriceOverride[],
): StepPricing {
  return priceStep({
    model: step.model,
    usage: step.usage,
    at: step.now,
    costUsd: step.costUsd,
    clientId,
    overrides,
  });
}

/** `overrideKeys` non-null asks record_run_step to raise CLPO1 if an override could apply. */
async function callRecordRunStep(
  executor: DbExecutor,
  step: ParsedStep,
  priced: StepPricing,
  overrideKeys: string[] | null,
): Promise<RawRow> {
  const { stepId, stepName, model, usage } = step;
  const reportedCost = priced.costSource === "reported" ? priced.cost : null;
  const fingerprint = requestFingerprint({ stepId, stepName, model, usage, reportedCost });
  const priceDetails = priced.priceDetails === null ? null : JSON.stringify(priced.priceDetails);
  const [row] = await queryRows(
    executor,
    sql`SELECT * FROM public.record_run_step(
      p_run_id => ${step.runId},
      p_step_id => ${stepId},
      p_input_tokens => ${usage.input_tokens}::integer,
      p_output_tokens => ${usage.output_tokens}::integer,
      p_cost => ${priced.cost}::numeric,
      p_request_fingerprint => ${fingerprint},
      p_step_name => ${stepName}::text,
      p_model => ${model}::text,
      p_provider => ${priced.provider}::text,
      p_cache_read_tokens => ${usage.cache_read_tokens}::integer,
      p_cache_write_tokens => ${usage.cache_write_tokens}::integer,
      p_reasoning_tokens => ${usage.reasoning_tokens}::integer,
      p_cost_source => ${priced.costSource}::text,
      p_unpriced_reason => ${priced.unpricedReason}::text,
      p_price_details => ${priceDetails}::jsonb,
      p_reported_cost => ${reportedCost}::numeric,
      p_recorded_at => ${step.now.toISOString()}::timestamptz,
      p_override_models => ${overrideKeys === null ? null : `{${overrideKeys.map(arrayElement).join(",")}}`}::text[]
    )`,
  );
  if (!row) throw new Error("record_run_step returned no row");
  return row;
}

/** One element of a text[] literal, quoted and escaped (model names may hold anything). */
function arrayElement(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function toResult(row: RawRow): RecordStepResult {
  return {
    step: toStep(row),
    run: toRunTotals(row, row.run_status as RunStatus),
    duplicate: row.duplicate === true,
  };
}
