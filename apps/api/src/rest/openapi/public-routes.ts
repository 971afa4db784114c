import { errorResponse, successHeaders } from "./errors";
import { optionsOperation } from "./operation";

const statusBody = (value: string) => ({
  type: "object",
  required: ["status"],
  properties: { status: { type: "string", const: value } },
  additionalProperties: false,
});

const ok = (description: string, schema: Record<string, unknown>, example: unknown) => ({
  description,
  headers: successHeaders,
  content: { "application/json": { schema, example } },
});

/** The routes outside /api/v1 (GET and HEAD only), served by http/server.ts. */
export const publicPaths = {
  "/healthz": {
    options: optionsOperation("healthzMethods", "health"),
    get: {
      operationId: "healthz",
      summary: "Liveness: the process answers",
      description: "Public: no key needed. HEAD answers like GET, without the body.",
      tags: ["health"],
      security: [],
      responses: { "200": ok("Alive", statusBody("ok"), { status: "ok" }) },
    },
  },
  "/readyz": {
    options: optionsOperation("readyzMethods", "health"),
    get: {
      operationId: "readyz",
      summary: "Readiness: the database answers",
      description: "Needs an API key of any scope. HEAD answers like GET, without the body.",
      tags: ["health"],
      security: [{ bearerAuth: [] }],
      responses: {
        "200": ok("Ready", statusBody("ready"), { status: "ready" }),
        "401": errorResponse("401"),
        "503": errorResponse("503", "The database does not answer"),
      },
    },
  },
  "/api/openapi.json": {
    options: optionsOperation("openApiDocumentMethods", "meta"),
    get: {
      operationId: "openApiDocument",
      summary: "This document",
      description: "Public: no key needed. HEAD answers like GET, without the body.",
      tags: ["meta"],
      security: [],
      responses: {
        "200": ok(
          "The OpenAPI 3.1 document",
          {
            type: "object",
            required: ["openapi", "info", "paths"],
            properties: {
              openapi: { type: "string" },
              info: { type: "object" },
              paths: { type: "object" },
            },
          },
          { openapi: "3.1.0", info: { title: "Columnline Runs API", version: "0.1.0" }, paths: {} },
        ),
      },
    },
  },
};
