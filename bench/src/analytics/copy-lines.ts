import { unitsToDecimal, unitsToRoundedCost } from "./money-units";
import type { SyntheticRun } from "./synthetic-runs";

/** COPY text format; the generated values hold no tab, newline or backslash, so none is escaped. */
const NULL = "\\N";
const field = (value: string | number | null) => (value === null ? NULL : String(value));
const line = (values: (string | number | null)[]) => `${values.map(field).join("\t")}\n`;

export const RUN_COLUMNS = [
  "run_id",
  "client_id",
  "dossier_id",
  "status",
  "seed_data",
  "total_tokens",
  "total_cost",
  "total_cost_exact",
  "started_at",
  "completed_at",
  "error_message",
  "triggered_by",
  "config_snapshot",
  "created_at",
  "updated_at",
  "last_activity_at",
] as const;

export function runLine(run: SyntheticRun): string {
  return line([
    run.runId,
    run.clientId,
    run.dossierId,
    run.status,
    run.seedData,
    run.totalTokens,
    unitsToRoundedCost(run.totalCostUnits),
    unitsToDecimal(run.totalCostUnits),
    run.startedAt.toISOString(),
    run.completedAt?.toISOString() ?? null,
    run.errorMessage,
    run.triggeredBy,
    run.configSnapshot,
    run.startedAt.toISOString(),
    run.lastActivityAt.toISOString(),
    run.lastActivityAt.toISOString(),
  ]);
}

export const STEP_COLUMNS = [
  "run_id",
  "step_id",
  "step_name",
  "model",
  "provider",
  "input_tokens",
  "output_tokens",
  "cost",
  "cost_source",
  "request_fingerprint",
  "recorded_at",
] as const;

export function stepLines(run: SyntheticRun): string {
  let text = "";
  for (const step of run.steps) {
    text += line([
      run.runId,
      step.stepId,
      step.stepName,
      step.model,
      step.provider,
      step.inputTokens,
      step.outputTokens,
      unitsToDecimal(step.costUnits),
      "computed",
      // Any 64-hex text: bulk-loaded steps are never retried.
      `${run.runId}:${step.stepId}`.padEnd(64, "0"),
      step.recordedAt.toISOString(),
    ]);
  }
  return text;
}
