import type { RestRoute } from "../rest-routes";
import { errorResponse, errorStatusesOf, successHeaders } from "./errors";
import { type OperationExamples, operationExamples } from "./examples";
import { type JsonSchema, toJsonSchema } from "./json-schema";

/** Every query is read strictly: a misspelled filter must not silently list everything. */
export const UNKNOWN_QUERY_NOTE =
  "Query parameters not listed here are refused with 400 (VALIDATION, '<name> is not a known field').";

const operationIdOf = (route: RestRoute) =>
  route.procedurePath.replace(/\.(\w)/g, (_, letter: string) => letter.toUpperCase());

/** Parameters and body of a route, split out of its one zod input. */
function inputsOf(route: RestRoute, examples: OperationExamples | undefined) {
  const exampleOf = (name: string) =>
    examples?.parameters?.[name] === undefined ? {} : { example: examples.parameters[name] };
  const input: JsonSchema = route.input
    ? toJsonSchema(route.input, "input")
    : { type: "object", properties: {} };
  const properties = { ...(input.properties ?? {}) };
  const required = new Set(input.required ?? []);
  const parameters: Record<string, unknown>[] = route.pathParams.map((name) => ({
    name,
    in: "path",
    required: true,
    ...exampleOf(name),
    schema: properties[name] ?? { type: "string" },
  }));
  for (const name of route.pathParams) delete properties[name];

  let requestBody: Record<string, unknown> | undefined;
  if (route.method === "GET" || route.method === "DELETE") {
    for (const [name, schema] of Object.entries(properties)) {
      const description = (schema as { description?: unknown }).description;
      parameters.push({
        name,
        in: "query",
        required: required.has(name),
        ...(typeof description === "string" ? { description } : {}),
        ...exampleOf(name),
        schema,
      });
    }
  } else if (Object.keys(properties).length > 0) {
    const bodyRequired = [...required].filter((name) => !route.pathParams.includes(name));
    const { required: _all, ...rest } = input;
    requestBody = {
      // A body with minProperties (PATCH) cannot be left out either.
      required: bodyRequired.length > 0 || input.minProperties !== undefined,
      content: {
        "application/json": {
          schema: {
            ...rest,
            properties,
            ...(bodyRequired.length > 0 ? { required: bodyRequired } : {}),
          },
          ...(examples?.request ? { example: examples.request } : {}),
        },
      },
    };
  }
  return { parameters, requestBody };
}

function descriptionOf(route: RestRoute): string {
  const parts = [
    route.scope
      ? `Needs an API key with the ${route.scope} scope (an admin key has every scope).`
      : "Public.",
  ];
  if (route.method === "GET" || route.method === "DELETE") parts.push(UNKNOWN_QUERY_NOTE);
  else
    parts.push("Body fields not listed here are refused with 400 ('<name> is not a known field').");
  if (route.method === "GET") parts.push("HEAD answers like GET, without the body.");
  return parts.join(" ");
}

/** The OpenAPI operation of a REST route, built from the procedure's own zod schemas. */
export function restOperation(route: RestRoute) {
  const examples = operationExamples[operationIdOf(route)];
  const { parameters, requestBody } = inputsOf(route, examples);
  const successStatus = typeof route.status === "number" ? route.status : route.status ? 201 : 200;
  const success = (status: string, description: string) => ({
    description,
    headers: successHeaders,
    content: {
      "application/json": {
        schema: toJsonSchema(route.response, "output"),
        ...(examples?.responses[status] ? { example: examples.responses[status] } : {}),
      },
    },
  });
  const responses: Record<string, unknown> = {
    [String(successStatus)]: success(String(successStatus), "Success"),
  };
  if (typeof route.status === "function") {
    responses["200"] = success(
      "200",
      "Already done earlier with the same request (idempotent replay)",
    );
  }
  for (const status of errorStatusesOf(route)) responses[status] = errorResponse(status);

  return {
    operationId: operationIdOf(route),
    summary: route.summary,
    description: descriptionOf(route),
    tags: [route.procedurePath.split(".")[0] ?? "api"],
    security: route.scope ? [{ bearerAuth: [route.scope] }] : [],
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/** OPTIONS on any path: the server answers 405 with the Allow header, before any key check. */
export function optionsOperation(
  operationId: string,
  tag: string,
  pathParameters: readonly Record<string, unknown>[] = [],
) {
  return {
    operationId,
    parameters: pathParameters,
    summary: "The methods this path takes (a 405 whose Allow header lists them)",
    description:
      "Any method a path does not take answers the same 405 with Allow, HEAD included where GET is.",
    tags: [tag],
    security: [],
    responses: { "405": errorResponse("405") },
  };
}
