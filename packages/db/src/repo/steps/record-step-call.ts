import { type StepPricing, type StepTiming, type Usage, usageExtras } from "@columnline/domain";
import { sql } from "drizzle-orm";
import type { DbExecutor } from "../../client/types";
import type { ItemOutcome } from "../../internal/micro-batcher";
import { queryRows, type RawRow } from "../../internal/rows";
import { requestFingerprint } from "./request-fingerprint";

/** A step request, validated. */
export interface ParsedStep {
  runId: string;
  stepId: string;
  stepName: string | null;
  model: string | null;
  usage: Usage;
  costUsd: string | number | null;
  now: Date;
  timing: StepTiming;
  metadata: Record<string, unknown> | null;
}

/**
 * One record_run_step call: the step, its price, and, when non-null, the model match
 * keys that ask the function to raise CLPO1 (writing nothing) if an override could apply.
 */
export interface StepCall {
  step: ParsedStep;
  priced: StepPricing;
  overrideKeys: string[] | null;
}

/** record_run_step's arguments, by name without the p_ prefix. */
function callArguments({ step, priced, overrideKeys }: StepCall) {
  const { stepId, stepName, model, usage, timing, metadata } = step;
  const reportedCost = priced.costSource === "reported" ? priced.cost : null;
  const startedAt = timing.startedAt?.toISOString() ?? null;
  return {
    run_id: step.runId,
    step_id: stepId,
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    cost: priced.cost,
    request_fingerprint: requestFingerprint({
      stepId,
      stepName,
      model,
      usage,
      reportedCost,
      startedAt,
      durationMs: timing.durationMs,
      metadata,
    }),
    step_name: stepName,
    model,
    provider: priced.provider,
    cache_read_tokens: usage.cache_read_tokens,
    cache_write_tokens: usage.cache_write_tokens,
    reasoning_tokens: usage.reasoning_tokens,
    cost_source: priced.costSource,
    unpriced_reason: priced.unpricedReason,
    price_details: priced.priceDetails,
    reported_cost: reportedCost,
    recorded_at: step.now.toISOString(),
    override_models: overrideKeys,
    usage_details: usageExtras(usage),
    started_at: startedAt,
    duration_ms: timing.durationMs,
    metadata,
  };
}

export async function callRecordRunStep(executor: DbExecutor, call: StepCall): Promise<RawRow> {
  const a = callArguments(call);
  const priceDetails = a.price_details === null ? null : JSON.stringify(a.price_details);
  const usageDetails = a.usage_details === null ? null : JSON.stringify(a.usage_details);
  const metadata = a.metadata === null ? null : JSON.stringify(a.metadata);
  const overrideModels =
    a.override_models === null ? null : `{${a.override_models.map(arrayElement).join(",")}}`;
  const [row] = await queryRows(
    executor,
    sql`SELECT * FROM public.record_run_step(
      p_run_id => ${a.run_id},
      p_step_id => ${a.step_id},
      p_input_tokens => ${a.input_tokens}::integer,
      p_output_tokens => ${a.output_tokens}::integer,
      p_cost => ${a.cost}::numeric,
      p_request_fingerprint => ${a.request_fingerprint},
      p_step_name => ${a.step_name}::text,
      p_model => ${a.model}::text,
      p_provider => ${a.provider}::text,
      p_cache_read_tokens => ${a.cache_read_tokens}::integer,
      p_cache_write_tokens => ${a.cache_write_tokens}::integer,
      p_reasoning_tokens => ${a.reasoning_tokens}::integer,
      p_cost_source => ${a.cost_source}::text,
      p_unpriced_reason => ${a.unpriced_reason}::text,
      p_price_details => ${priceDetails}::jsonb,
      p_reported_cost => ${a.reported_cost}::numeric,
      p_recorded_at => ${a.recorded_at}::timestamptz,
      p_override_models => ${overrideModels}::text[],
      p_usage_details => ${usageDetails}::jsonb,
      p_started_at => ${a.started_at}::timestamptz,
      p_duration_ms => ${a.duration_ms}::integer,
      p_metadata => ${metadata}::jsonb
    )`,
  );
  if (!row) throw new Error("record_run_step returned no row");
  return row;
}

/** One element of a text[] literal, quoted and escaped (model names may hold anything). */
function arrayElement(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * What record_run_steps reported for one element, shaped like a driver error
 * (code, constraint_name, detail, routine) so toDomainError maps it exactly as it
 * maps the same error from a single record_run_step call.
 */
export class BatchedStepError extends Error {
  readonly code: string;
  readonly constraint_name: string | null;
  readonly detail: string | null;
  readonly routine: string | null;

  constructor(row: RawRow) {
    super(String(row.error_message ?? row.error_sqlstate));
    this.name = "BatchedStepError";
    this.code = String(row.error_sqlstate);
    this.constraint_name = row.error_constraint == null ? null : String(row.error_constraint);
    this.detail = row.error_detail == null ? null : String(row.error_detail);
    // Our own RAISE: the message is one we wrote (see driver-error.ts).
    this.routine = row.error_raised === true ? "exec_stmt_raise" : null;
  }
}

/**
 * Several calls in one statement (migrations/0003_record_run_steps_batch.sql): each
 * element in its own subtransaction, so one failing step fails alone.
 */
export async function callRecordRunSteps(
  executor: DbExecutor,
  calls: StepCall[],
): Promise<ItemOutcome<RawRow>[]> {
  // Decimals are strings in StepPricing, so JSON keeps them exact.
  const elements = JSON.stringify(calls.map(callArguments));
  const rows = await queryRows(
    executor,
    sql`SELECT * FROM public.record_run_steps(${elements}::jsonb)`,
  );
  const outcomes = new Array<ItemOutcome<RawRow> | undefined>(calls.length);
  for (const row of rows) {
    const index = Number(row.ordinal) - 1;
    outcomes[index] =
      row.error_sqlstate == null
        ? { ok: true, value: row }
        : { ok: false, error: new BatchedStepError(row) };
  }
  return outcomes.map(
    (outcome) => outcome ?? { ok: false, error: new Error("record_run_steps skipped an element") },
  );
}
