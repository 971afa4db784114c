import {
  DomainError,
  type DomainErrorCode,
  type ErrorIssue,
  unknownFieldMessage,
} from "@columnline/domain";
import { type TRPC_ERROR_CODE_KEY, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { restRunStateHint, runStateHintOf } from "./run-state-hint";

/** The JSON body of every error, on both surfaces. */
export interface ErrorBody {
  code: string;
  message: string;
  issues?: ErrorIssue[];
  /** For BUDGET_EXCEEDED: the budget that refused, as GET .../budget answers it. */
  budget?: unknown;
}

const trpcCodeByDomainCode: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  VALIDATION: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  BUDGET_EXCEEDED: "PAYMENT_REQUIRED",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  OVERFLOW: "UNPROCESSABLE_CONTENT",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

/** tRPC's own failures (bad JSON, unknown procedure, ...) in domain terms. */
const domainCodeByTrpcCode: Partial<Record<TRPC_ERROR_CODE_KEY, DomainErrorCode>> = {
  PARSE_ERROR: "VALIDATION",
  BAD_REQUEST: "VALIDATION",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  PAYMENT_REQUIRED: "BUDGET_EXCEEDED",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNPROCESSABLE_CONTENT: "OVERFLOW",
  SERVICE_UNAVAILABLE: "UNAVAILABLE",
};

export function issuesFromZod(error: ZodError): ErrorIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    // Inputs are strict objects: name each unknown field, not the object holding it.
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => {
        const field = [...path, key].join(".");
        return { path: field, message: unknownFieldMessage(field, key) };
      });
    }
    return [{ path: path.join(".") || "(body)", message: issue.message }];
  });
}

/** An issue as a sentence that names its field ("name must not be empty"). */
function sentence(issue: ErrorIssue): string {
  const field = issue.path.split(".").at(-1) ?? issue.path;
  return issue.path === "(body)" ||
    issue.message.startsWith(issue.path) ||
    issue.message.startsWith(field)
    ? issue.message
    : `${issue.path}: ${issue.message}`;
}

function validationFromZod(error: ZodError): DomainError {
  const issues = issuesFromZod(error);
  const shown = issues.slice(0, 3).map(sentence);
  if (issues.length > shown.length) shown.push(`${issues.length - shown.length} more in issues`);
  return new DomainError("VALIDATION", shown.join("; "), { issues });
}

/**
 * Every known failure as a DomainError; null for an unexpected one, which the
 * caller logs and answers with a 500 that carries no internals.
 */
export function toDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  if (error instanceof ZodError) return validationFromZod(error);
  if (error instanceof TRPCError) {
    const cause = toDomainError(error.cause);
    if (cause) return cause;
    const code = domainCodeByTrpcCode[error.code];
    // tRPC's messages for its own errors are safe and specific ("No procedure found...").
    if (code) return new DomainError(code, error.message);
  }
  return null;
}

export function toTrpcError(error: DomainError): TRPCError {
  return new TRPCError({
    code: trpcCodeByDomainCode[error.code],
    message: error.message,
    cause: error,
  });
}

/** The REST body of a known error; a run-state conflict says which call moves the run on. */
export function errorBody(error: DomainError): ErrorBody {
  const hint = runStateHintOf(error);
  const message = hint ? `${error.message}. ${restRunStateHint(hint)}` : error.message;
  return {
    code: error.code,
    message,
    ...(error.issues ? { issues: error.issues } : {}),
    ...(error.code === "BUDGET_EXCEEDED" ? { budget: error.details?.budget } : {}),
  };
}

export const internalErrorBody = (requestId: string): ErrorBody => ({
  code: "INTERNAL",
  message: `Internal error; quote request id ${requestId} to the operators`,
});
