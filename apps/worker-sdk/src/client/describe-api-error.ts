import { TRPCClientError } from "@trpc/client";
import { BudgetExceededError } from "../runs/budget-exceeded-error.js";
import { httpStatusOf } from "./retry-policy.js";
import { HttpStatusError, RequestTimeoutError } from "./transport-errors.js";

export interface ApiErrorIssue {
  path: string;
  message: string;
}

/** A failed call in plain terms, for messages and branching. */
export interface ApiErrorDescription {
  /** "answer": the server (or a proxy) answered with an error; "timeout" and "network": no answer. */
  kind: "answer" | "timeout" | "network" | "other";
  /** The HTTP status, when an answer came. */
  status: number | null;
  /** The API's error code (VALIDATION, UNAUTHORIZED, CONFLICT, ...), when the API answered. */
  code: string | null;
  message: string;
  /** The fields a 400 names. */
  issues: ApiErrorIssue[];
  /** A 409 about a run's status: where it is, and the move to make first (null: none). */
  runState: ApiRunState | null;
}

export interface ApiRunState {
  run_id: string;
  current_status: string;
  requested_status: string;
  allowed_statuses: string[];
  next_status: string | null;
}

interface ApiErrorData {
  httpStatus?: number;
  domainCode?: string;
  issues?: ApiErrorIssue[] | null;
  runState?: ApiRunState | null;
}

/** Describes anything a client call may throw: a TRPCClientError or not. */
export function describeApiError(error: unknown): ApiErrorDescription {
  // The API's 402 as createRun rethrew it: described as the answer it was.
  if (error instanceof BudgetExceededError && error.cause instanceof TRPCClientError) {
    return describeApiError(error.cause);
  }
  if (!(error instanceof TRPCClientError)) {
    return {
      kind: "other",
      status: null,
      code: null,
      message: error instanceof Error ? error.message : String(error),
      issues: [],
      runState: null,
    };
  }
  const cause: unknown = error.cause;
  if (cause instanceof RequestTimeoutError) {
    return {
      kind: "timeout",
      status: null,
      code: null,
      message: cause.message,
      issues: [],
      runState: null,
    };
  }
  const status = httpStatusOf(error);
  if (status === null && cause instanceof TypeError) {
    // Node puts the reason (ECONNREFUSED, ENOTFOUND, ...) on the TypeError's own cause.
    const reason = (cause as { cause?: { code?: unknown; message?: unknown } }).cause;
    const detail = typeof reason?.code === "string" ? reason.code : reason?.message;
    return {
      kind: "network",
      status: null,
      code: null,
      message: typeof detail === "string" ? `${cause.message} (${detail})` : cause.message,
      issues: [],
      runState: null,
    };
  }
  const data = (error.data ?? null) as ApiErrorData | null;
  return {
    kind: status === null ? "other" : "answer",
    status,
    code: data?.domainCode ?? null,
    message: cause instanceof HttpStatusError ? cause.message : error.message,
    issues: data?.issues ?? [],
    runState: data?.runState ?? null,
  };
}
