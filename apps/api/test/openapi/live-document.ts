/** The parts of the served OpenAPI document the property contract test reads. */
import type { Schema } from "./schema-validator";

export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  description?: string;
  schema: Schema;
}
export interface Media {
  schema: Schema;
  example?: unknown;
}
export interface ResponseSpec {
  description: string;
  headers?: Record<string, { $ref?: string; schema?: Schema }>;
  content?: Record<string, Media>;
}
export interface Operation {
  operationId: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, Media> };
  responses: Record<string, ResponseSpec>;
}
export interface OpenApiDocument {
  components: {
    schemas: Record<string, Schema>;
    headers?: Record<string, { schema?: Schema }>;
  };
  paths: Record<string, Record<string, Operation>>;
}

export interface LiveOperation {
  /** Upper case: GET, POST, ..., OPTIONS. */
  method: string;
  path: string;
  operation: Operation;
}

const methods = new Set(["get", "put", "post", "patch", "delete", "options", "head"]);

/** Every operation of every path, in document order. */
export function operationsOf(document: OpenApiDocument): LiveOperation[] {
  return Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod)
      .filter(([method]) => methods.has(method))
      .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

export const parametersOf = (live: LiveOperation, where: "path" | "query") =>
  (live.operation.parameters ?? []).filter((parameter) => parameter.in === where);

export const bodySchemaOf = (live: LiveOperation): Schema | undefined =>
  live.operation.requestBody?.content["application/json"]?.schema;

/** The operation says unknown query parameters are refused (else they are not generated). */
export const refusesUnknownQuery = (live: LiveOperation) =>
  /Query parameters not listed here are refused/.test(live.operation.description ?? "");
