import { errorHttpStatus } from "@columnline/domain";
import type { RestRoute } from "../rest-routes";
import { errorExamples } from "./examples";

/** Every code an error body can carry: the domain's, and the two the HTTP layer adds. */
export const errorCodes = [...Object.keys(errorHttpStatus), "METHOD_NOT_ALLOWED", "INTERNAL"];

export const errorSchema = {
  type: "object",
  required: ["code", "message"],
  properties: {
    code: { type: "string", enum: errorCodes },
    message: { type: "string", description: "One sentence for people; match on code, not on this" },
    budget: {
      type: "object",
      description:
        "For BUDGET_EXCEEDED: the budget that refused, as GET /clients/{client_id}/budget answers it",
    },
    issues: {
      type: "array",
      description: "For VALIDATION: one entry per invalid field",
      items: {
        type: "object",
        required: ["path", "message"],
        properties: {
          path: { type: "string", description: "The field, e.g. usage.input_tokens" },
          message: { type: "string" },
        },
      },
    },
  },
} as const;

export const responseHeaders = {
  RequestId: {
    description: "The request's id (yours from x-request-id, or a new one): quote it in reports",
    schema: { type: "string" },
  },
  RetryAfter: { description: "Seconds to wait before retrying", schema: { type: "integer" } },
  Allow: { description: "The methods this path takes, e.g. GET, HEAD", schema: { type: "string" } },
} as const;

const requestIdHeader = { "x-request-id": { $ref: "#/components/headers/RequestId" } };

const errorDescriptions: Record<string, string> = {
  "400": "Invalid input; `issues` names the fields",
  "401": "Missing, unknown or revoked API key",
  "402":
    "BUDGET_EXCEEDED: a block_new_runs budget over the client (its own or the global one) has reached its limit; `budget` carries it (spent, limit, period_end: when it resets). Not retryable before period_end unless the budget is raised or removed. Replaying an existing run_id is not refused",
  "403": "The API key lacks the scope",
  "404": "Not found",
  "405": "Not a method of this path; Allow lists those it takes",
  "409": "Conflicts with the current state or with an earlier request under the same ID",
  "413": "Body over 1 MiB",
  "422": "Totals would overflow their columns",
  "503": "Database unavailable; retry after Retry-After seconds",
};

/** A documented error answer: the error body, x-request-id, and Retry-After on 503. */
export function errorResponse(status: string, description = errorDescriptions[status] ?? "") {
  const headers =
    status === "503"
      ? { ...requestIdHeader, "retry-after": { $ref: "#/components/headers/RetryAfter" } }
      : status === "405"
        ? { ...requestIdHeader, allow: { $ref: "#/components/headers/Allow" } }
        : requestIdHeader;
  return {
    description,
    headers,
    content: {
      "application/json": {
        schema: { $ref: "#/components/schemas/Error" },
        ...(errorExamples[status] ? { example: errorExamples[status] } : {}),
      },
    },
  };
}

export const successHeaders = requestIdHeader;

/** The error statuses a REST route can really answer, from what it takes and declares. */
export function errorStatusesOf(route: RestRoute): string[] {
  const statuses = new Set<string>();
  // Any input (query, path or body) can be invalid; a path parameter can be badly encoded.
  if (route.input || route.pathParams.length > 0) statuses.add("400");
  if (route.scope) {
    statuses.add("401");
    statuses.add("403");
  }
  for (const code of route.errors ?? []) statuses.add(String(errorHttpStatus[code]));
  if (route.method !== "GET" && route.method !== "DELETE") statuses.add("413");
  statuses.add("503");
  return [...statuses].sort();
}
