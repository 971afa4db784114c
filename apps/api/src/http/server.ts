import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import type { Authenticator } from "../auth/authenticator";
import { buildOpenApiDocument } from "../rest/openapi-document";
import { createRestHandler } from "../rest/rest-handler";
import { collectRestRoutes } from "../rest/rest-routes";
import { appRouter } from "../routers/app-router";
import type { ApiServices } from "../services";
import type { ApiContext } from "../trpc";
import { MAX_BODY_BYTES } from "./read-json-body";
import { requestIdFor } from "./request-id";
import { sendJson } from "./send-json";

export const API_VERSION = "0.1.0";

export interface ApiServerOptions extends ApiServices {
  authenticator: Authenticator;
}

/** The whole HTTP surface: health, tRPC at /trpc, REST at /api/v1, the OpenAPI document. */
export function createApiServer(options: ApiServerOptions): Server {
  const { authenticator, ...services } = options;
  const createContext = (req: IncomingMessage, requestId: string): ApiContext => ({
    ...services,
    logger: services.logger.child({ requestId }),
    requestId,
    authorization: req.headers.authorization,
    authenticator,
  });

  const routes = collectRestRoutes(appRouter);
  const openApiDocument = JSON.stringify(buildOpenApiDocument(routes, API_VERSION));
  const restHandler = createRestHandler({ router: appRouter, routes, createContext });
  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req, res }) => createContext(req, String(res.getHeader("x-request-id"))),
  });

  const route = async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    if (path === "/healthz" && req.method === "GET") return sendJson(res, 200, { status: "ok" });
    if (path === "/readyz" && req.method === "GET") {
      const ready = await services.db.ping().then(
        () => true,
        () => false,
      );
      return sendJson(
        res,
        ready ? 200 : 503,
        ready
          ? { status: "ready" }
          : { code: "UNAVAILABLE", message: "The database does not answer" },
      );
    }
    if (path === "/api/openapi.json" && req.method === "GET") {
      res.setHeader("content-type", "application/json; charset=utf-8");
      res.end(openApiDocument);
      return;
    }
    if (path.startsWith("/trpc/")) return trpcHandler(req, res);
    if (path.startsWith("/api/v1/"))
      return restHandler(req, res, path.slice("/api/v1".length), url.searchParams, requestId);
    sendJson(res, 404, { code: "NOT_FOUND", message: `No route ${req.method} ${path}` });
  };

  return createServer((req, res) => {
    const requestId = requestIdFor(req);
    const started = performance.now();
    res.setHeader("x-request-id", requestId);
    res.on("finish", () => {
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
}
