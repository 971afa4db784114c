/**
 * Whether a generated request is valid by the document alone (ajv on each parameter as the
 * server reads it off the wire, and on the body), and the request's fields with the
 * descriptions the document gives them (where rules JSON Schema cannot state are written).
 */
import {
  bodySchemaOf,
  type LiveOperation,
  parametersOf,
  refusesUnknownQuery,
} from "./live-document";
import { fromTheWire, type GeneratedRequest, onTheWire } from "./request-arbitrary";
import type { Schema } from "./schema-validator";

type ErrorsOf = (schema: Schema, value: unknown) => unknown[];

/** What the server receives as JSON: the generator's value after one round trip. */
export const bodyOnTheWire = (json: unknown): unknown => JSON.parse(JSON.stringify(json) ?? "null");

/** The request's departures from the document's schemas: empty when it is valid. */
export function schemaFaults(
  live: LiveOperation,
  request: GeneratedRequest,
  errorsOf: ErrorsOf,
): string[] {
  const found: string[] = [];
  for (const p of parametersOf(live, "path")) {
    const text = onTheWire(request.path[p.name]);
    if (text === "") found.push(`path ${p.name} empty`);
    else if (errorsOf(p.schema, fromTheWire(text, p.schema)).length > 0)
      found.push(`path ${p.name}`);
  }
  const declared = new Set(parametersOf(live, "query").map((p) => p.name));
  for (const p of parametersOf(live, "query")) {
    const value = request.query[p.name];
    if (value === undefined) {
      if (p.required) found.push(`query ${p.name} missing`);
    } else if (errorsOf(p.schema, fromTheWire(onTheWire(value), p.schema)).length > 0) {
      found.push(`query ${p.name}`);
    }
  }
  for (const name of Object.keys(request.query)) {
    if (!declared.has(name) && refusesUnknownQuery(live)) found.push(`query ${name} unknown`);
  }
  const schema = bodySchemaOf(live);
  if (schema) {
    if (request.body === undefined) {
      if (live.operation.requestBody?.required) found.push("body missing");
    } else if ("raw" in request.body) found.push("body not JSON");
    else if (errorsOf(schema, bodyOnTheWire(request.body.json)).length > 0) found.push("body");
  }
  return found;
}

export interface RequestField {
  name: string;
  value: unknown;
  /** The field's own descriptions, its parents', and the operation's. */
  descriptions: string[];
  /** What the field sits beside: its object's other members, or the other parameters. */
  siblings: Record<string, unknown>;
}

const asSchemas = (value: unknown): Schema[] => (Array.isArray(value) ? (value as Schema[]) : []);

function descriptionsOf(schema: Schema): string[] {
  const own = typeof schema.description === "string" ? [schema.description] : [];
  return [...own, ...asSchemas(schema.anyOf).flatMap(descriptionsOf)];
}

function childSchema(schema: Schema, key: string): Schema {
  for (const candidate of [schema, ...asSchemas(schema.anyOf)]) {
    const property = (candidate.properties as Record<string, Schema> | undefined)?.[key];
    if (property) return property;
    if (candidate.additionalProperties && typeof candidate.additionalProperties === "object") {
      return candidate.additionalProperties as Schema;
    }
  }
  return {};
}

function collect(
  field: Omit<RequestField, "descriptions">,
  schema: Schema,
  inherited: string[],
  into: RequestField[],
) {
  const descriptions = [...inherited, ...descriptionsOf(schema)];
  const { name, value } = field;
  into.push({ ...field, descriptions });
  if (Array.isArray(value)) {
    for (const item of value)
      collect(
        { name, value: item, siblings: {} },
        (schema.items ?? {}) as Schema,
        descriptions,
        into,
      );
  } else if (value !== null && typeof value === "object") {
    const siblings = value as Record<string, unknown>;
    for (const [key, child] of Object.entries(siblings)) {
      collect({ name: key, value: child, siblings }, childSchema(schema, key), descriptions, into);
    }
  }
}

/** Every parameter and every node of the body, with the descriptions that cover it. */
export function fieldsOf(live: LiveOperation, request: GeneratedRequest): RequestField[] {
  const operation = live.operation.description ? [live.operation.description] : [];
  const fields: RequestField[] = [];
  const parameters: Record<string, unknown> = {};
  for (const p of live.operation.parameters ?? []) {
    const value = p.in === "path" ? request.path[p.name] : request.query[p.name];
    if (value === undefined) continue;
    const own = [...(p.description ? [p.description] : []), ...descriptionsOf(p.schema)];
    parameters[p.name] = fromTheWire(onTheWire(value), p.schema);
    fields.push({
      name: p.name,
      value: parameters[p.name],
      descriptions: [...operation, ...own],
      siblings: parameters,
    });
  }
  const schema = bodySchemaOf(live);
  if (schema && request.body && "json" in request.body) {
    const body = { name: "", value: bodyOnTheWire(request.body.json), siblings: {} };
    collect(body, schema, operation, fields);
  }
  return fields;
}
