import type { RecordedStep, StepUsage } from "../api-types.js";
import type { RunsClient } from "../client/create-runs-client.js";
import { deriveStepId } from "./step-id.js";

export interface StepRecord {
  /** Stable across retries of this step; derived from the run and stepName when omitted. */
  stepId?: string;
  stepName?: string;
  model?: string | null;
  usage: StepUsage;
  /** The provider's exact charge, when known; it wins over the computed cost. */
  costUsd?: number | string | null;
  /** When the step began: a Date or an ISO-8601 date-time with a zone. */
  startedAt?: Date | string | null;
  /** How long it took, in whole milliseconds (0 to 7 days). */
  durationMs?: number | null;
  /** When it ended, instead of durationMs (needs startedAt). */
  completedAt?: Date | string | null;
  /** Your own JSON object about the step, at most 16 KB as JSON; a retry must send the same. */
  metadata?: Record<string, unknown> | null;
}

const isoTime = (at: Date | string) => (at instanceof Date ? at.toISOString() : at);

/**
 * Records one step's usage in a run, exactly once per step id: a retry, by the
 * transport or by you, answers the stored step with `duplicate: true`.
 */
export async function recordStep(
  client: RunsClient,
  runId: string,
  step: StepRecord,
): Promise<RecordedStep> {
  if (
    typeof step !== "object" ||
    step === null ||
    typeof step.usage !== "object" ||
    step.usage === null
  ) {
    throw new TypeError(
      "recordStep needs { stepName or stepId, usage: { input_tokens, output_tokens } }",
    );
  }
  const stepId = step.stepId ?? deriveStepId(runId, step.stepName ?? "");
  return client.steps.record.mutate({
    run_id: runId,
    step_id: stepId,
    step_name: step.stepName ?? null,
    model: step.model ?? null,
    usage: step.usage,
    ...(step.costUsd == null ? {} : { cost_usd: step.costUsd }),
    ...(step.startedAt == null ? {} : { started_at: isoTime(step.startedAt) }),
    ...(step.durationMs == null ? {} : { duration_ms: step.durationMs }),
    ...(step.completedAt == null ? {} : { completed_at: isoTime(step.completedAt) }),
    ...(step.metadata == null ? {} : { metadata: step.metadata }),
  });
}
