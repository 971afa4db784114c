import { z } from "zod";
import type { RestRoute } from "./rest-routes";

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, unknown>;
  required?: string[];
};

const errorSchema = {
  type: "object",
  required: ["code", "message"],
  properties: {
    code: {
      type: "string",
      description: "VALIDATION, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, ...",
    },
    message: { type: "string" },
    issues: {
      type: "array",
      items: {
        type: "object",
        required: ["path", "message"],
        properties: { path: { type: "string" }, message: { type: "string" } },
      },
    },
  },
};

const errorResponses: Record<string, string> = {
  "400": "Invalid input; `issues` names the fields",
  "401": "Missing, unknown or revoked API key",
  "403": "The API key lacks the scope",
  "404": "Not found",
  "409": "Conflicts with the current state or with an earlier request under the same ID",
  "413": "Body over 1 MiB",
  "422": "Totals would overflow their columns",
  "503": "Database unavailable; retry",
};

function toJsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

function operation(route: RestRoute) {
  const input = route.input
    ? toJsonSchema(route.input, "input")
    : { type: "object", properties: {} };
  const properties = { ...(input.properties ?? {}) };
  const required = new Set(input.required ?? []);
  const parameters: Record<string, unknown>[] = route.pathParams.map((name) => ({
    name,
    in: "path",
    required: true,
    schema: properties[name] ?? { type: "string" },
  }));
  for (const name of route.pathParams) delete properties[name];

  let requestBody: Record<string, unknown> | undefined;
  if (route.method === "GET" || route.method === "DELETE") {
    for (const [name, schema] of Object.entries(properties)) {
      parameters.push({ name, in: "query", required: required.has(name), schema });
    }
  } else if (Object.keys(properties).length > 0) {
    const bodyRequired = [...required].filter((name) => !route.pathParams.includes(name));
    requestBody = {
      // A body with minProperties (PATCH) cannot be left out either.
      required: bodyRequired.length > 0 || input.minProperties !== undefined,
      content: {
        "application/json": {
          schema: {
            ...input,
            properties,
            ...(bodyRequired.length > 0 ? { required: bodyRequired } : { required: undefined }),
          },
        },
      },
    };
  }

  const successStatus = typeof route.status === "number" ? route.status : route.status ? 201 : 200;
  const responses: Record<string, unknown> = {
    [String(successStatus)]: {
      description: "Success",
      content: { "application/json": { schema: toJsonSchema(route.response, "output") } },
    },
  };
  if (typeof route.status === "function") {
    responses["200"] = {
      description: "Already done earlier with the same request (idempotent replay)",
      content: { "application/json": { schema: toJsonSchema(route.response, "output") } },
    };
  }
  for (const [status, description] of Object.entries(errorResponses)) {
    responses[status] = {
      description,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }

  return {
    operationId: route.procedurePath.replace(/\.(\w)/g, (_, letter: string) =>
      letter.toUpperCase(),
    ),
    summary: route.summary,
    ...(route.scope
      ? { description: `Needs an API key with the ${route.scope} scope (admin has all).` }
      : {}),
    tags: [route.procedurePath.split(".")[0]],
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every REST route, built from the procedures' own zod schemas. */
export function buildOpenApiDocument(routes: readonly RestRoute[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (route.successorPath) continue; // deprecated paths work for one release, undocumented
    const path = `/api/v1${route.path.replace("+}", "}")}`;
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Columnline Runs API",
      version,
      description: "The run ledger for LLM pipelines: runs, steps, tokens and costs.",
    },
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "An API key: Authorization: Bearer clr_...",
        },
      },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
