import { parseUsage, priceStep, type RunStatus } from "@columnline/domain";
import { sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { queryRows } from "../../internal/rows";
import { parseNonEmptyText } from "../../internal/validate";
import { loadPricingContext } from "./load-pricing-context";
import { requestFingerprint } from "./request-fingerprint";
import { toRunTotals, toStep } from "./step-row";
import type { RecordStepInput, RecordStepResult } from "./types";

export interface RecordStepOptions {
  /** The step's completion time: it picks the prices and is stored as recorded_at. */
  now?: Date;
}

/**
 * Records one step exactly once. Two round trips: one query loads the run's
 * client and candidate price overrides, the domain prices the step, then ONE
 * call to record_run_step inserts the ledger row and adds to the run's totals
 * atomically. A retry of the same request returns the stored step with
 * duplicate: true; the same stepId with a different request is a CONFLICT.
 * A pending run is a CONFLICT; a completed/failed run takes the step as late.
 */
export async function recordStep(
  handle: DbHandle,
  runId: string,
  input: RecordStepInput,
  options: RecordStepOptions = {},
): Promise<RecordStepResult> {
  const stepId = parseNonEmptyText(input.stepId, "stepId");
  const stepName = input.stepName == null ? null : parseNonEmptyText(input.stepName, "stepName");
  const model = input.model == null ? null : parseNonEmptyText(input.model, "model");
  const usage = parseUsage(input.usage);
  const now = options.now ?? new Date();

  return withDomainErrors(async () => {
    const executor = executorOf(handle);
    const context = await loadPricingContext(executor, runId, model, now);
    const priced = priceStep({
      model,
      usage,
      at: now,
      costUsd: input.costUsd ?? null,
      clientId: context.clientId,
      overrides: context.overrides,
    });
    const reportedCost = priced.costSource === "reported" ? priced.cost : null;
    const fingerprint = requestFingerprint({ stepId, stepName, model, usage, reportedCost });
    const priceDetails = priced.priceDetails === null ? null : JSON.stringify(priced.priceDetails);

    const [row] = await queryRows(
      executor,
      sql`SELECT * FROM public.record_run_step(
        p_run_id => ${runId},
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
        p_recorded_at => ${now.toISOString()}::timestamptz
      )`,
    );
    if (!row) throw new Error("record_run_step returned no row");
    return {
      step: toStep(row),
      run: toRunTotals(row, row.run_status as RunStatus),
      duplicate: row.duplicate === true,
    };
  });
}
