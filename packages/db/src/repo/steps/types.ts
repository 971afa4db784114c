import type { RunStatus, UsageInput } from "@columnline/domain";
import type { runSteps } from "../../schema";

/** One ledger row. */
export type RunStep = typeof runSteps.$inferSelect;

export interface RecordStepInput {
  /** The caller's idempotency key, unique within the run (1-200 characters). */
  stepId: string;
  stepName?: string | null;
  model?: string | null;
  usage: UsageInput;
  /** The provider's exact charge, if known: it wins over the computed price. */
  costUsd?: string | number | null;
  /** When the step began; with durationMs or completedAt (which must agree) for its end. */
  startedAt?: Date | null;
  /** How long it took, 0 to 7 days in milliseconds. */
  durationMs?: number | null;
  /** Its end: the duration is derived from it (startedAt is then required). */
  completedAt?: Date | null;
  /** The caller's own JSON object about the step, at most 16 KB as JSON. */
  metadata?: Record<string, unknown> | null;
}

/** The run's totals right after the step was recorded (or as they stand, for a duplicate). */
export interface RunTotals {
  runId: string;
  clientId: string;
  status: RunStatus;
  totalTokens: number;
  totalCost: string;
  totalCostExact: string;
  lastActivityAt: Date;
}

export interface RecordStepResult {
  step: RunStep;
  run: RunTotals;
  /** true when this exact request had been recorded before: nothing changed. */
  duplicate: boolean;
}
