import { DomainError } from "../errors";
import {
  canTransition,
  errorMessageSchema,
  isTerminal,
  type RunStatus,
  transitionTable,
} from "./run-status";

export interface RunState {
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

  constructor(from: RunStatus, to: RunStatus, reason?: string) {
    const allowed = transitionTable[from];
    const allowedText = allowed.length > 0 ? allowed.join(", ") : "none (terminal)";
    super(
      "CONFLICT",
      reason ??
        `Cannot move run from ${from} to ${to}; the run is ${from} and allows: ${allowedText}`,
      { details: { current_status: from, requested_status: to, allowed_statuses: [...allowed] } },
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
        ),
      };
    }
    return { ok: true, changed: false, state: current };
  }
  if (!canTransition(current.status, to)) {
    return { ok: false, error: new TransitionError(current.status, to) };
  }
  return {
    ok: true,
    changed: true,
    state: {
      status: to,
      completedAt: isTerminal(to) ? now : current.completedAt,
      errorMessage,
    },
  };
}
