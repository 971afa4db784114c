import { DomainError } from "../errors";
import { runStateDetails } from "./run-state-conflict";
import {
  canTransition,
  errorMessageSchema,
  isTerminal,
  type RunStatus,
  transitionTable,
} from "./run-status";

export interface RunState {
  /** Named in errors when known, so they can say which run to move. */
  runId?: string;
  status: RunStatus;
  completedAt: Date | null;
  errorMessage: string | null;
}

export interface TransitionRequest {
  to: RunStatus;
  /** Required when `to` is failed. */
  errorMessage?: string | null;
  now: Date;
}

export type TransitionResult =
  | { ok: true; changed: boolean; state: RunState }
  | { ok: false; error: TransitionError };

/** Names the current state, the requested one and the allowed ones, so callers can act on it. */
export class TransitionError extends DomainError {
  readonly from: RunStatus;
  readonly to: RunStatus;
  readonly allowed: readonly RunStatus[];

  constructor(from: RunStatus, to: RunStatus, reason?: string, runId?: string) {
    const allowed = transitionTable[from];
    const allowedText = allowed.length > 0 ? allowed.join(", ") : "none (terminal)";
    const run = runId ? `run ${runId}` : "run";
    super(
      "CONFLICT",
      reason ??
        `Cannot move ${run} from ${from} to ${to}; the run is ${from} and allows: ${allowedText}`,
      { details: runStateDetails(runId, from, to) },
    );
    this.name = "TransitionError";
    this.from = from;
    this.to = to;
    this.allowed = allowed;
  }
}

/**
 * Applies one transition. Repeating one that already happened with the same
 * payload is a no-op (Make.com and SDK retries); a different error message on
 * an already-failed run is a conflict, since it would rewrite history.
 */
export function transition(current: RunState, request: TransitionRequest): TransitionResult {
  const { to, now } = request;
  let errorMessage: string | null = null;
  if (to === "failed") {
    const parsed = errorMessageSchema.safeParse(request.errorMessage ?? "");
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? "error_message is invalid";
      throw new DomainError("VALIDATION", message, {
        issues: [{ path: "error_message", message }],
      });
    }
    errorMessage = parsed.data;
  }

  if (current.status === to) {
    if (to === "failed" && current.errorMessage !== errorMessage) {
      return {
        ok: false,
        error: new TransitionError(
          current.status,
          to,
          "The run already failed with a different error_message",
          current.runId,
        ),
      };
    }
    return { ok: true, changed: false, state: current };
  }
  if (!canTransition(current.status, to)) {
    return {
      ok: false,
      error: new TransitionError(current.status, to, undefined, current.runId),
    };
  }
  return {
    ok: true,
    changed: true,
    state: {
      ...(current.runId === undefined ? {} : { runId: current.runId }),
      status: to,
      completedAt: isTerminal(to) ? now : current.completedAt,
      errorMessage,
    },
  };
}
