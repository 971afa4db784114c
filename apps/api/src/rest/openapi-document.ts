import { errorSchema, responseHeaders } from "./openapi/errors";
import { optionsOperation, restOperation } from "./openapi/operation";
import { publicPaths } from "./openapi/public-routes";
import type { RestRoute } from "./rest-routes";

const tags = [
  { name: "clients", description: "The companies runs are for; each run belongs to one" },
  { name: "runs", description: "Pipeline runs: pending → running → completed | failed" },
  { name: "steps", description: "LLM steps of a run: usage, model and cost, recorded once" },
  { name: "analytics", description: "What runs cost: summaries, top runs, by model, by day" },
  { name: "prices", description: "The price catalog and price overrides" },
  { name: "keys", description: "API keys and their scopes (admin)" },
  {
    name: "budgets",
    description:
      "Spend limits per client and overall: spend, forecast, threshold events, BUDGET_EXCEEDED",
  },
  {
    name: "webhooks",
    description:
      "Signed webhook endpoints (Standard Webhooks), their delivery logs, redelivery and tests (admin)",
  },
  { name: "health", description: "Liveness and readiness probes" },
  { name: "meta", description: "This document" },
];

/**
 * The OpenAPI 3.1 document of every REST route, built from the procedures' own zod schemas.
 * `serverUrl` is the origin the document was asked for, when known; "/" always follows it
 * for importers that read the document from a file.
 */
export function buildOpenApiDocument(
  routes: readonly RestRoute[],
  version: string,
  serverUrl?: string,
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (route.successorPath) continue; // deprecated paths work for one release, undocumented
    const path = `/api/v1${route.path}`;
    const operation = restOperation(route);
    paths[path] ??= {
      options: optionsOperation(
        `${operation.operationId}Methods`,
        operation.tags[0] ?? "api",
        operation.parameters.filter((parameter) => parameter.in === "path"),
      ),
    };
    paths[path][route.method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Columnline Runs API",
      version,
      description:
        "The run ledger for LLM pipelines: runs, steps, tokens and costs. Every response carries x-request-id; every error is {code, message, issues?}; a 503 carries Retry-After; HEAD works on every GET route.",
      // The package is private: an SPDX LicenseRef, as no public licence applies.
      license: { name: "Proprietary: all rights reserved", identifier: "LicenseRef-Proprietary" },
      // No public contact address exists yet.
      contact: { name: "Columnline Runs operators (the team that runs this server)" },
    },
    servers: [
      ...(serverUrl ? [{ url: serverUrl, description: "This server" }] : []),
      { url: "/", description: "Relative to where the document was read" },
    ],
    tags,
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description:
            "An API key: Authorization: Bearer clr_... Scopes: runs:read, runs:write, admin (all).",
        },
      },
      schemas: { Error: errorSchema },
      headers: responseHeaders,
    },
    paths: { ...paths, ...publicPaths },
  };
}
