import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { type Authenticator, perRequestAuthenticator } from "../auth/authenticator";
import type { SessionService } from "../auth/sessions";
import { errorBody, toDomainError } from "../errors/api-error";
import { buildOpenApiDocument } from "../rest/openapi-document";
import { createRestHandler } from "../rest/rest-handler";
import { collectRestRoutes } from "../rest/rest-routes";
import { appRouter } from "../routers/app-router";
import type { ApiServices } from "../services";
import type { ApiContext } from "../trpc";
import { createDashboardHandler } from "./dashboard/serve-dashboard";
import { dashboardRequest } from "./dashboard-request";
import { createOutageMonitor } from "./outage-monitor";
import { MAX_BODY_BYTES } from "./read-json-body";
import { requestIdFor } from "./request-id";
import { requestOrigin } from "./request-origin";
import { RETRY_AFTER_SECONDS, sendJson } from "./send-json";
import { createTrpcSingleCall } from "./trpc-single-call";

export const API_VERSION = "0.1.0";

export interface ApiServerOptions extends ApiServices {
  authenticator: Authenticator;
  sessions: SessionService;
  /** Origins besides the server's own that may send cookie writes (DASHBOARD_ORIGINS). */
  dashboardOrigins?: readonly string[];
  /** The built dashboard served at / (DASHBOARD_DIR). */
  dashboardDir: string;
}

/** The whole HTTP surface: health, tRPC at /trpc, REST at /api/v1, the OpenAPI document. */
export function createApiServer(options: ApiServerOptions): Server {
  const { authenticator, sessions, dashboardOrigins, dashboardDir, ...services } = options;
  const allowedOrigins = new Set(dashboardOrigins ?? []);
  // No per-request child logger: the few lines a context logs name their requestId themselves.
  // REST's context: bearer keys only, the session cookie is ignored.
  const createContext = (req: IncomingMessage, requestId: string): ApiContext => ({
    ...services,
    requestId,
    authorization: req.headers.authorization,
    authenticator: perRequestAuthenticator(authenticator),
    sessions,
    dashboard: null,
  });
  // tRPC's context adds the dashboard's cookie session.
  const createTrpcContext = (
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
  ): ApiContext => ({
    ...createContext(req, requestId),
    dashboard: dashboardRequest(req, res, sessions, services.now, allowedOrigins),
  });

  const routes = collectRestRoutes(appRouter);
  // Built once per origin asked for (a handful: localhost, the public name), not per request.
  const openApiDocuments = new Map<string, string>();
  const openApiDocumentFor = (req: IncomingMessage): string => {
    const origin = requestOrigin(req);
    let document = openApiDocuments.get(origin ?? "");
    if (document === undefined) {
      document = JSON.stringify(buildOpenApiDocument(routes, API_VERSION, origin));
      if (openApiDocuments.size < 16) openApiDocuments.set(origin ?? "", document);
    }
    return document;
  };
  const restHandler = createRestHandler({ router: appRouter, routes, createContext });
  const trpcSingleCall = createTrpcSingleCall({
    router: appRouter,
    createContext: createTrpcContext,
  });
  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req, res }) =>
      createTrpcContext(req, res, String(res.getHeader("x-request-id"))),
    // Batches answer 503 when any call in them found the database unavailable.
    responseMeta: ({ errors }) =>
      errors.some((error) => error.code === "SERVICE_UNAVAILABLE")
        ? { headers: { "retry-after": String(RETRY_AFTER_SECONDS) } }
        : {},
  });
  const outages = createOutageMonitor(services.db, services.logger);
  const serveDashboard = createDashboardHandler(dashboardDir);

  /** Outside /trpc and /api/v1: GET (and HEAD) only. Public: /healthz and the OpenAPI document. */
  const fixedRoutes: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>> =
    {
      "/healthz": async (_req, res) => sendJson(res, 200, { status: "ok" }),
      "/readyz": async (req, res) => {
        // Like every route but /healthz, readiness needs a key (any scope).
        await authenticator.authenticate(req.headers.authorization);
        const ready = await services.db.ping().then(
          () => true,
          () => false,
        );
        if (ready) sendJson(res, 200, { status: "ready" });
        else sendJson(res, 503, { code: "UNAVAILABLE", message: "The database does not answer" });
      },
      "/api/openapi.json": async (req, res) => {
        const openApiDocument = openApiDocumentFor(req);
        res.setHeader("content-type", "application/json; charset=utf-8");
        res.setHeader("content-length", Buffer.byteLength(openApiDocument));
        res.end(openApiDocument);
      },
    };

  const route = async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    const fixed = Object.hasOwn(fixedRoutes, path) ? fixedRoutes[path] : undefined;
    if (fixed) {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.setHeader("allow", "GET, HEAD");
        return sendJson(res, 405, { code: "METHOD_NOT_ALLOWED", message: `Use GET on ${path}` });
      }
      try {
        return await fixed(req, res);
      } catch (error) {
        const domain = toDomainError(error);
        if (!domain) throw error;
        return sendJson(res, domain.httpStatus, errorBody(domain));
      }
    }
    if (path.startsWith("/trpc/")) {
      if (await trpcSingleCall(req, res, url, requestId)) return;
      return trpcHandler(req, res);
    }
    if (path.startsWith("/api/v1/"))
      return restHandler(req, res, path.slice("/api/v1".length), url.searchParams, requestId);
    // Everything else a browser GETs is the dashboard: a file, or index.html for its routes.
    if ((req.method === "GET" || req.method === "HEAD") && !isApiPath(path)) {
      return serveDashboard(req, res);
    }
    sendJson(res, 404, { code: "NOT_FOUND", message: `No route ${req.method} ${path}` });
  };

  const server = createServer((req, res) => {
    const requestId = requestIdFor(req);
    const started = performance.now();
    res.setHeader("x-request-id", requestId);
    res.on("finish", () => {
      if (res.statusCode === 503) outages.noteUnavailable();
      // Method, path and status only: no headers (keys), no bodies, no query strings.
      services.logger.info(
        {
          requestId,
          method: req.method,
          path: (req.url ?? "").split("?")[0],
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        "request",
      );
    });
    route(req, res, requestId).catch((error: unknown) => {
      services.logger.error({ err: error, requestId }, "unhandled request failure");
      if (!res.headersSent)
        sendJson(res, 500, {
          code: "INTERNAL",
          message: `Internal error; request id ${requestId}`,
        });
      else res.destroy();
    });
  });
  server.on("close", () => outages.stop());
  return server;
}

/** Paths the dashboard never answers: unknown API routes stay JSON 404s. */
function isApiPath(path: string): boolean {
  return (
    path === "/api" || path.startsWith("/api/") || path === "/trpc" || path.startsWith("/trpc/")
  );
}
