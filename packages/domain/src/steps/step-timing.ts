import { type ErrorIssue, validationError } from "../errors";

/** A step may last at most 7 days (the longest batch jobs providers run take 24 hours). */
export const MAX_STEP_DURATION_MS = 7 * 24 * 60 * 60 * 1000;

/** When a step ran, as a caller may say it: a start and a duration, or a start and an end. */
export interface StepTimingInput {
  startedAt?: Date | null;
  durationMs?: number | null;
  completedAt?: Date | null;
}

/** What the ledger keeps: the start and the duration (the end is start + duration). */
export interface StepTiming {
  startedAt: Date | null;
  durationMs: number | null;
}

const isValidDate = (at: Date) => at instanceof Date && !Number.isNaN(at.getTime());

/** The one-sentence problems of a step's timing, by API field; empty when it is consistent. */
export function stepTimingIssues(input: StepTimingInput): ErrorIssue[] {
  const { startedAt, durationMs, completedAt } = input;
  const issues: ErrorIssue[] = [];
  if (startedAt != null && !isValidDate(startedAt)) {
    issues.push({ path: "started_at", message: "started_at must be a valid time" });
  }
  if (completedAt != null && !isValidDate(completedAt)) {
    issues.push({ path: "completed_at", message: "completed_at must be a valid time" });
  }
  if (
    durationMs != null &&
    (!Number.isInteger(durationMs) || durationMs < 0 || durationMs > MAX_STEP_DURATION_MS)
  ) {
    issues.push({
      path: "duration_ms",
      message: `duration_ms must be an integer from 0 to ${MAX_STEP_DURATION_MS} (7 days)`,
    });
  }
  if (issues.length > 0 || completedAt == null) return issues;
  if (startedAt == null) {
    return [
      {
        path: "completed_at",
        message: "completed_at needs started_at (send duration_ms alone if the start is unknown)",
      },
    ];
  }
  const elapsed = completedAt.getTime() - startedAt.getTime();
  if (elapsed < 0) {
    issues.push({
      path: "completed_at",
      message: `completed_at (${completedAt.toISOString()}) must not be before started_at (${startedAt.toISOString()})`,
    });
  } else if (elapsed > MAX_STEP_DURATION_MS) {
    issues.push({
      path: "completed_at",
      message: `completed_at is ${elapsed} ms after started_at; a step may last at most ${MAX_STEP_DURATION_MS} ms (7 days)`,
    });
  } else if (durationMs != null && durationMs !== elapsed) {
    issues.push({
      path: "duration_ms",
      message: `duration_ms (${durationMs}) does not match completed_at - started_at (${elapsed} ms); send one of them, or both agreeing`,
    });
  }
  return issues;
}

/** The start and duration to store; a VALIDATION error naming each inconsistent field. */
export function resolveStepTiming(input: StepTimingInput): StepTiming {
  const issues = stepTimingIssues(input);
  if (issues.length > 0) throw validationError("invalid step timing", issues);
  const startedAt = input.startedAt ?? null;
  const completedAt = input.completedAt ?? null;
  const durationMs =
    input.durationMs ??
    (startedAt && completedAt ? completedAt.getTime() - startedAt.getTime() : null);
  return { startedAt, durationMs };
}

/** The step's end, when both its start and duration are known. */
export const stepCompletedAt = (timing: StepTiming): Date | null =>
  timing.startedAt && timing.durationMs != null
    ? new Date(timing.startedAt.getTime() + timing.durationMs)
    : null;
