import { TRPCClientError } from "@trpc/client";

/** The tRPC error code of a failed call (UNAUTHORIZED, FORBIDDEN, NOT_FOUND...), if any. */
export function errorCodeOf(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as { code?: unknown } | undefined;
  return typeof data?.code === "string" ? data.code : null;
}

/** One sentence for people: the API's own message, or what went wrong on the way. */
export function errorMessageOf(error: unknown): string {
  // The API's messages are already one sentence saying what to do (a missing scope, a
  // refused cross-origin write): show them as they are.
  if (error instanceof TRPCClientError) return error.message || "The API refused the request.";
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
