/**
 * Requests for one operation, drawn from its own parameter and body schemas: half meant to be
 * valid, half with one deliberate fault. `schemaFaults` then says, with ajv and the document
 * alone, whether the request as sent on the wire is valid.
 */
import fc from "fast-check";
import {
  bodySchemaOf,
  type LiveOperation,
  parametersOf,
  refusesUnknownQuery,
} from "./live-document";
import type { Realism } from "./schema-arbitrary";
import { validValue } from "./schema-arbitrary";
import { invalidValue } from "./schema-arbitrary-invalid";
import type { Schema } from "./schema-validator";

export type Credential = "admin" | "runs:read" | "runs:write" | "none";

export interface GeneratedRequest {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  /** A JSON value, or raw text that is not JSON; absent: no body. */
  body?: { json: unknown } | { raw: string };
  credential: Credential;
  /** The fault the generator meant to put in, for the failure report (ajv decides). */
  fault?: string;
}

type Fault =
  | { in: "path" | "query"; name: string; value: unknown }
  | { in: "query-missing"; name: string }
  | { in: "query-unknown"; name: string }
  | { in: "body"; value: unknown }
  | { in: "body-missing" }
  | { in: "body-raw"; raw: string };

const credential = fc.oneof(
  { weight: 17, arbitrary: fc.constant<Credential>("admin") },
  { weight: 1, arbitrary: fc.constantFrom<Credential>("runs:read", "runs:write", "none") },
);

function validRequest(live: LiveOperation, realism: Realism): fc.Arbitrary<GeneratedRequest> {
  const path: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of parametersOf(live, "path")) path[p.name] = validValue(p.schema, realism, p.name);
  const query: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of parametersOf(live, "query"))
    query[p.name] = validValue(p.schema, realism, p.name);
  const requiredKeys = parametersOf(live, "query")
    .filter((p) => p.required)
    .map((p) => p.name);
  const bodySchema = bodySchemaOf(live);
  const json = bodySchema ? validValue(bodySchema, realism) : undefined;
  const body = json
    ? live.operation.requestBody?.required
      ? json.map((value) => ({ json: value }))
      : fc.option(
          json.map((value) => ({ json: value })),
          { nil: undefined },
        )
    : fc.constant(undefined);
  return fc
    .record({
      path: fc.record(path),
      query: fc.record(query, { requiredKeys }),
      body,
      credential,
    })
    .map(({ body: drawn, ...rest }) => (drawn === undefined ? rest : { ...rest, body: drawn }));
}

function faults(live: LiveOperation, realism: Realism): fc.Arbitrary<Fault>[] {
  const all: fc.Arbitrary<Fault>[] = [];
  for (const p of parametersOf(live, "path")) {
    // An empty or dot segment addresses another path (URL parsers drop "." and ".."), not this one.
    const faulty = invalidValue(p.schema, realism).filter(
      (value) => !["", ".", ".."].includes(onTheWire(value)),
    );
    all.push(faulty.map((value) => ({ in: "path", name: p.name, value })));
  }
  for (const p of parametersOf(live, "query")) {
    all.push(
      invalidValue(p.schema, realism).map((value) => ({ in: "query", name: p.name, value })),
    );
    if (p.required) all.push(fc.constant({ in: "query-missing", name: p.name }));
  }
  if (refusesUnknownQuery(live)) {
    all.push(
      fc.constantFrom("page", "sort", "clientId").map((name) => ({ in: "query-unknown", name })),
    );
  }
  const bodySchema = bodySchemaOf(live);
  if (bodySchema) {
    all.push(invalidValue(bodySchema, realism).map((value) => ({ in: "body", value })));
    if (live.operation.requestBody?.required) all.push(fc.constant({ in: "body-missing" }));
    all.push(
      fc.constantFrom('{"name":', "not json", "{'a': 1}").map((raw) => ({ in: "body-raw", raw })),
    );
  }
  return all;
}

function withFault(request: GeneratedRequest, fault: Fault): GeneratedRequest {
  const next: GeneratedRequest = {
    ...request,
    path: { ...request.path },
    query: { ...request.query },
  };
  switch (fault.in) {
    case "path":
      next.path[fault.name] = fault.value;
      break;
    case "query":
      next.query[fault.name] = fault.value;
      break;
    case "query-missing":
      delete next.query[fault.name];
      break;
    case "query-unknown":
      next.query[fault.name] = "1";
      break;
    case "body":
      next.body = { json: fault.value };
      break;
    case "body-missing":
      delete next.body;
      break;
    case "body-raw":
      next.body = { raw: fault.raw };
  }
  return { ...next, fault: JSON.stringify(fault) };
}

/** Valid and deliberately faulty requests for `live`, about half each. */
export function requestArbitrary(
  live: LiveOperation,
  realism: Realism,
): fc.Arbitrary<GeneratedRequest> {
  const valid = validRequest(live, realism);
  const possible = faults(live, realism);
  if (possible.length === 0) return valid;
  const faulty = fc
    .tuple(valid, fc.oneof(...possible))
    .map(([request, fault]) => withFault(request, fault));
  return fc.oneof(valid, faulty);
}

/** A parameter value as the query string or path carries it. */
export function onTheWire(value: unknown): string {
  const text =
    typeof value === "string"
      ? value
      : value !== null && typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  // A URL carries UTF-8: a lone surrogate goes as U+FFFD, as every client sends it.
  return text.replace(loneSurrogate, "\ufffd");
}

/** A UTF-16 surrogate without its other half. */
export const loneSurrogate =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** What a server reading the wire text gets back for a parameter of this schema. */
export function fromTheWire(text: string, schema: Schema): unknown {
  const types = JSON.stringify(schema);
  const numeric = /"type":"(integer|number)"/.test(types);
  if (numeric && /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return Number(text);
  return text;
}

/** The URL path and query string of the request. */
export function urlOf(live: LiveOperation, request: GeneratedRequest): string {
  let path = live.path;
  for (const [name, value] of Object.entries(request.path)) {
    path = path.replace(`{${name}}`, encodeURIComponent(onTheWire(value)));
  }
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query)) {
    if (value !== undefined) query.set(name, onTheWire(value));
  }
  return query.size > 0 ? `${path}?${query}` : path;
}
