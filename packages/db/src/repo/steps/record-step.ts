import {
  isDomainError,
  notFound,
  type PriceOverride,
  parseUsage,
  priceStep,
  type RunStatus,
  resolveStepTiming,
  stepMetadataProblem,
  stepOnPendingRun,
} from "@columnline/domain";
import { PgTransaction } from "drizzle-orm/pg-core";
import { type DbExecutor, type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { findDriverError } from "../../internal/driver-error";
import type { RawRow } from "../../internal/rows";
import { invalid, parseNonEmptyText } from "../../internal/validate";
import { modelMatchKeys } from "../prices/model-match";
import { loadPricingContext } from "./load-pricing-context";
import { callRecordRunStep, type ParsedStep, type StepCall } from "./record-step-call";
import { stepBatcherFor } from "./step-batcher";
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

/**
 * Records one step exactly once, in ONE round trip when no price override can apply:
 * the step is priced from the catalog alone and record_run_step, once it holds the
 * run's lock, checks whether an override could apply (the run's client's or a global
 * one for this model, effective by the step's time). If one could, it writes nothing
 * and raises CLPO1; the step is then recorded the exact way: load the run's client and
 * candidate overrides, price with them, call record_run_step again. Either way a step
 * with an applicable override is priced with it. Inside a caller's transaction the
 * exact two-trip path is taken directly (an error would abort the transaction).
 * Given a Database (not a drizzle instance or a transaction), steps that arrive while
 * the database is busy share one statement (step-batcher.ts); each still succeeds or
 * fails on its own, with the same answer.
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
    timing: resolveStepTiming(input),
    metadata: parseMetadata(input.metadata),
  };

  return withDomainErrors(async () => {
    const executor = executorOf(handle);
    if (executor instanceof PgTransaction) return recordWithOverrides(executor, step);

    // Catalog-only pricing; record_run_step refuses it if an override could apply.
    const call: StepCall = {
      step,
      priced: priceWith(step, null, []),
      overrideKeys: modelMatchKeys(step.model),
    };
    const batcher = stepBatcherFor(handle);
    try {
      const row = batcher ? await batcher.submit(call) : await callRecordRunStep(executor, call);
      return toResult(row);
    } catch (error) {
      const code = findDriverError(error)?.code;
      if (code === OVERRIDE_MAY_APPLY_SQLSTATE) return recordWithOverrides(executor, step);
      // The same answer as the exact path gives (its first query finds no run).
      if (code === "P0002") throw notFound("run", runId);
      throw error;
    }
  }).catch(namingPendingRun(runId));
}

function parseMetadata(value: unknown): Record<string, unknown> | null {
  if (value == null) return null;
  const problem = stepMetadataProblem(value);
  if (problem) invalid("metadata", problem);
  return value as Record<string, unknown>;
}

/** record_run_step refuses a pending run with 55000: say which run, and what it needs. */
const namingPendingRun =
  (runId: string) =>
  (error: unknown): never => {
    if (isDomainError(error) && error.code === "CONFLICT" && error.details?.sqlstate === "55000") {
      throw stepOnPendingRun(runId);
    }
    throw error;
  };

/** The exact path: the run's client and candidate overrides first, then one call. */
async function recordWithOverrides(
  executor: DbExecutor,
  step: ParsedStep,
): Promise<RecordStepResult> {
  const context = await loadPricingContext(executor, step.runId, step.model, step.now);
  const priced = priceWith(step, context.clientId, context.overrides);
  return toResult(await callRecordRunStep(executor, { step, priced, overrideKeys: null }));
}

function priceWith(step: ParsedStep, clientId: string | null, overrides: PriceOverride[]) {
  return priceStep({
    model: step.model,
    usage: step.usage,
    at: step.now,
    costUsd: step.costUsd,
    clientId,
    overrides,
  });
}

function toResult(row: RawRow): RecordStepResult {
  return {
    step: toStep(row),
    run: toRunTotals(row, row.run_status as RunStatus),
    duplicate: row.duplicate === true,
  };
}
