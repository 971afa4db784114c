import type { Operation } from "@trpc/client";
import type { Backoff } from "./client-options.js";
import { HttpStatusError, RequestTimeoutError } from "./transport-errors.js";

/**
 * What a failed attempt tells us:
 * - "refused": 429 or 503, the server did not do the work: sending again is always safe;
 * - "lost": no answer (network error, timeout), the work may or may not have happened;
 * - "final": any other answer (400, 401, 404, 409, ...): the same request fails the same way.
 */
export type FailureKind = "refused" | "lost" | "final";

const REFUSED_STATUSES = new Set([429, 503]);

/**
 * Writes the API makes idempotent: transitions by repetition, steps by step_id.
 * runs.create is one only with a run_id (see isSafeToRepeat); keys.create,
 * clients.create and prices.putOverride are not.
 */
const IDEMPOTENT_MUTATIONS = new Set([
  "runs.start",
  "runs.complete",
  "runs.fail",
  "steps.record",
  "clients.update",
  "keys.revoke",
  "prices.deleteOverride",
]);

interface FailedAttempt {
  cause?: unknown;
  meta?: Record<string, unknown> | undefined;
  data?: { httpStatus?: number } | null | undefined;
}

/** The HTTP status of a failed attempt, or null when no answer came. */
export function httpStatusOf(error: FailedAttempt): number | null {
  if (error.cause instanceof HttpStatusError) return error.cause.status;
  const response = error.meta?.response;
  if (response instanceof Response) return response.status;
  return error.data?.httpStatus ?? null;
}

export function classifyFailure(error: FailedAttempt): FailureKind {
  const status = httpStatusOf(error);
  if (status !== null) return REFUSED_STATUSES.has(status) ? "refused" : "final";
  // fetch rejects with a TypeError when the network fails (the spec's "network error").
  if (error.cause instanceof RequestTimeoutError || error.cause instanceof TypeError) return "lost";
  return "final";
}

/** Whether a call whose answer was lost may be sent again without doing the work twice. */
export function isSafeToRepeat(op: Pick<Operation, "type" | "path" | "input">): boolean {
  if (op.type === "query") return true;
  if (op.path === "runs.create") {
    const input = op.input as { run_id?: unknown } | undefined;
    return typeof input?.run_id === "string";
  }
  return IDEMPOTENT_MUTATIONS.has(op.path);
}

export function shouldRetry(
  attempt: { op: Operation; error: FailedAttempt; attempts: number },
  retries: number,
): boolean {
  if (attempt.attempts > retries) return false;
  // The caller gave up: do not start again behind its back.
  if (attempt.op.signal?.aborted) return false;
  const kind = classifyFailure(attempt.error);
  return kind === "refused" || (kind === "lost" && isSafeToRepeat(attempt.op));
}

/**
 * Exponential backoff with jitter: attempt n waits between half and all of
 * min(maxMs, baseMs * 2^(n-1)), so clients that failed together spread out.
 */
export function backoffDelayMs(attempt: number, backoff: Backoff, random = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
