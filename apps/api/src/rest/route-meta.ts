import type { ApiKeyScope } from "@columnline/domain";
import type { ZodType } from "zod";

/** The errors a route answers beyond those every route of its kind may (see openapi/errors.ts). */
export type RouteErrorCode = "NOT_FOUND" | "CONFLICT" | "OVERFLOW" | "BUDGET_EXCEEDED";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * A procedure's REST face, declared next to the procedure (one source of
 * truth): the REST dispatcher and the OpenAPI document both read it.
 */
export interface RestRouteMeta {
  method: HttpMethod;
  /** Under /api/v1, with {param} placeholders named as input fields. */
  path: string;
  summary: string;
  /** Its own errors, for the OpenAPI document: 404 for a missing run, 409, 422, ... */
  errors?: readonly RouteErrorCode[];
  /** Documents the response body; responses are not re-validated at run time. */
  response: ZodType;
  /** Success status; a function lets idempotent writes answer 201 the first time, 200 after. */
  status?: number | ((output: unknown) => number);
  /**
   * An earlier path kept working for one release: answered with Deprecation and a Link to
   * `path`, left out of the OpenAPI document, never shadowing a documented route.
   */
  deprecatedPath?: string;
  /** The REST body when it differs from the procedure's output. */
  body?: (output: unknown) => unknown;
}

export interface RouteMeta {
  rest?: RestRouteMeta;
  /** The scope the procedure needs, for the OpenAPI document. */
  scope?: ApiKeyScope;
}
