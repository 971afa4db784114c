import { DomainError } from "../errors";
import { canTransition, type RunStatus, transitionTable } from "./run-status";

/**
 * What a conflict about a run's status carries, so every surface can say how to get
 * unstuck in its own words (REST: `POST .../start`; the CLI: `runs start RUN_...`).
 */
export function runStateDetails(
  runId: string | undefined,
  current: RunStatus,
  requested: RunStatus,
): Record<string, unknown> {
  return {
    ...(runId === undefined ? {} : { run_id: runId }),
    current_status: current,
    requested_status: requested,
    allowed_statuses: [...transitionTable[current]],
  };
}

/**
 * The move to make first so the run can reach `wanted`: `wanted` itself when it is
 * allowed now, else an allowed status it can be reached from (pending → running on the
 * way to completed); null when the run can never get there.
 */
export function nextStatusToward(current: RunStatus, wanted: RunStatus): RunStatus | null {
  if (canTransition(current, wanted)) return wanted;
  return transitionTable[current].find((status) => canTransition(status, wanted)) ?? null;
}

/** A step sent to a pending run: it must be started first. */
export function stepOnPendingRun(runId: string): DomainError {
  return new DomainError(
    "CONFLICT",
    `run ${runId} is pending; steps can be recorded once it is running`,
    { details: runStateDetails(runId, "pending", "running") },
  );
}
