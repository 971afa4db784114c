/**
 * Domain errors carry their HTTP meaning so the API maps them in one place
 * (langfuse-style) and never falls back to a generic 500 for a known case.
 */
export const errorHttpStatus = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  /** A budget with block_new_runs has been reached: no new run for its client until it resets. */
  BUDGET_EXCEEDED: 402,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  OVERFLOW: 422,
  UNAVAILABLE: 503,
} as const;

export type DomainErrorCode = keyof typeof errorHttpStatus;

export interface ErrorIssue {
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly httpStatus: number;
  readonly issues: ErrorIssue[] | undefined;
  /** Machine-readable facts about the error (current status, the conflicting id, ...). */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: DomainErrorCode,
    message: string,
    options: { issues?: ErrorIssue[]; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DomainError";
    this.code = code;
    this.httpStatus = errorHttpStatus[code];
    this.issues = options.issues;
    this.details = options.details;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

export const validationError = (message: string, issues?: ErrorIssue[]) =>
  new DomainError("VALIDATION", message, issues ? { issues } : {});

export const notFound = (what: string, id: string) =>
  new DomainError("NOT_FOUND", `${what} ${id} not found`, { details: { [what]: id } });

export const conflict = (message: string, details?: Record<string, unknown>) =>
  new DomainError("CONFLICT", message, details ? { details } : {});

export const overflow = (message: string, details?: Record<string, unknown>) =>
  new DomainError("OVERFLOW", message, details ? { details } : {});
