import type { IncomingMessage, ServerResponse } from "node:http";
import { DomainError } from "@columnline/domain";
import { type AnyTRPCRouter, callTRPCProcedure, TRPCError } from "@trpc/server";
import { authorize } from "../auth/authenticator";
import { errorBody, internalErrorBody, toDomainError } from "../errors/api-error";
import { readJsonBody } from "../http/read-json-body";
import { sendJson } from "../http/send-json";
import type { ApiContext } from "../trpc";
import { matchRestRoute, type RestRoute } from "./rest-routes";

export interface RestHandlerOptions {
  router: AnyTRPCRouter;
  routes: readonly RestRoute[];
  createContext: (req: IncomingMessage, requestId: string) => ApiContext;
}

/**
 * Serves /api/v1 by calling the very tRPC procedures the TypeScript clients
 * call: one validation, one auth check, one error mapping for both surfaces.
 */
export function createRestHandler(options: RestHandlerOptions) {
  const { router, routes, createContext } = options;
  return async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
    requestId: string,
  ) => {
    const ctx = createContext(req, requestId);
    try {
      const match = matchRestRoute(routes, req.method ?? "GET", path);
      if (match.kind === "not-found") {
        throw new DomainError(
          "NOT_FOUND",
          `No route ${req.method} /api/v1${path}; see /api/openapi.json`,
        );
      }
      if (match.kind === "method-not-allowed") {
        res.setHeader("allow", match.allowed.join(", "));
        sendJson(res, 405, {
          code: "METHOD_NOT_ALLOWED",
          message: `Use ${match.allowed.join(" or ")} on /api/v1${path}`,
        });
        return;
      }
      // The key is checked before the body is read: an unauthenticated caller gets 401, never
      // a validation answer, and cannot make the server buffer a body.
      if (match.route.scope) {
        await authorize(ctx.authenticator, ctx.authorization, match.route.scope);
      }
      const { successorPath } = match.route;
      if (successorPath) deprecationHeaders(res, successorPath, match.params, query);
      const input = await readRestInput(req, match.route, match.params, query);
      const output = await callTRPCProcedure({
        router,
        path: match.route.procedurePath,
        getRawInput: async () => input,
        ctx,
        type: match.route.procedureType,
        signal: undefined,
        batchIndex: 0,
      });
      const status =
        typeof match.route.status === "function"
          ? match.route.status(output)
          : (match.route.status ?? 200);
      sendJson(res, status, match.route.body ? match.route.body(output) : output);
    } catch (error) {
      const domain = toDomainError(error);
      if (domain) {
        // The client may still be sending the oversized body: do not keep the connection.
        if (domain.code === "PAYLOAD_TOO_LARGE") res.setHeader("connection", "close");
        sendJson(res, domain.httpStatus, errorBody(domain));
        return;
      }
      // Unexpected errors inside procedures were logged by the error middleware already.
      if (!(error instanceof TRPCError))
        ctx.logger.error({ err: error, requestId }, "unexpected error");
      sendJson(res, 500, internalErrorBody(requestId));
    }
  };
}

/** Deprecation (the draft's `true`, which clients read) and the successor's address (RFC 8288 Link). */
function deprecationHeaders(
  res: ServerResponse,
  successorPath: string,
  params: Record<string, string>,
  query: URLSearchParams,
) {
  const successor = new URLSearchParams(params);
  for (const [name, value] of query) if (!(name in params)) successor.append(name, value);
  res.setHeader("deprecation", "true");
  res.setHeader("link", `</api/v1${successorPath}?${successor}>; rel="successor-version"`);
}

async function readRestInput(
  req: IncomingMessage,
  route: RestRoute,
  params: Record<string, string>,
  query: URLSearchParams,
): Promise<Record<string, unknown>> {
  let fields: Record<string, unknown>;
  if (route.method === "GET" || route.method === "DELETE") {
    fields = Object.fromEntries(query);
  } else {
    const body = await readJsonBody(req);
    if (body !== undefined && (typeof body !== "object" || body === null || Array.isArray(body))) {
      throw new DomainError("VALIDATION", "The request body must be a JSON object", {
        issues: [{ path: "(body)", message: "Expected a JSON object" }],
      });
    }
    fields = { ...(body as Record<string, unknown> | undefined) };
  }
  for (const [name, value] of Object.entries(params)) {
    if (name in fields && fields[name] !== value) {
      throw new DomainError("VALIDATION", `${name} in the body differs from the one in the URL`, {
        issues: [{ path: name, message: "Must match the URL or be left out" }],
      });
    }
    fields[name] = value;
  }
  return fields;
}
