import {
  type DomainError,
  nextStatusToward,
  type RunStatus,
  runStatusSchema,
} from "@columnline/domain";

/** A conflict about a run's status, with the move that gets the caller unstuck. */
export interface RunStateHint {
  run_id: string;
  current_status: RunStatus;
  requested_status: RunStatus;
  allowed_statuses: RunStatus[];
  /** The transition to make first (null: the run can never get there, e.g. it is completed). */
  next_status: RunStatus | null;
}

/** The run-state facts a CONFLICT carries (domain runStateDetails), or null. */
export function runStateHintOf(error: DomainError): RunStateHint | null {
  const details = error.details;
  if (error.code !== "CONFLICT" || !details || typeof details.run_id !== "string") return null;
  const current = runStatusSchema.safeParse(details.current_status);
  const requested = runStatusSchema.safeParse(details.requested_status);
  const allowed = runStatusSchema.array().safeParse(details.allowed_statuses);
  if (!current.success || !requested.success || !allowed.success) return null;
  // Already there: a conflict about the payload (another error_message), not the status.
  if (current.data === requested.data) return null;
  return {
    run_id: details.run_id,
    current_status: current.data,
    requested_status: requested.data,
    allowed_statuses: allowed.data,
    next_status: nextStatusToward(current.data, requested.data),
  };
}

const ACTION: Record<RunStatus, string | null> = {
  pending: null,
  running: "start",
  completed: "complete",
  failed: "fail",
};

/** The REST call that makes the move: "Start it: POST /api/v1/runs/RUN_.../start". */
export function restRunStateHint(hint: RunStateHint): string {
  const action = hint.next_status === null ? null : ACTION[hint.next_status];
  if (action === null) {
    return `A ${hint.current_status} run does not change; record the work on a new run: POST /api/v1/runs`;
  }
  const first = hint.next_status === hint.requested_status ? "" : " first";
  const verb = action.charAt(0).toUpperCase() + action.slice(1);
  return `${verb} it${first}: POST /api/v1/runs/${hint.run_id}/${action}`;
}
