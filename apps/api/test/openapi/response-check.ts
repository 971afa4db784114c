/**
 * An answer against what the document promises for its operation: a documented status (never
 * a 5xx here, where the database is up), a body valid by that status's schema, and every header
 * the status lists (x-request-id on all, Allow on 405, Retry-After on 503).
 */
import type { LiveOperation, OpenApiDocument } from "./live-document";
import type { Schema } from "./schema-validator";

type ErrorsOf = (schema: Schema, value: unknown) => unknown[];

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

export function responseProblems(
  document: OpenApiDocument,
  live: LiveOperation,
  answer: Answer,
  errorsOf: ErrorsOf,
): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`a ${answer.status}`);
  const spec = live.operation.responses[String(answer.status)];
  if (!spec) return [...problems, `status ${answer.status} is not documented`];
  for (const [name, header] of Object.entries(spec.headers ?? {})) {
    const value = answer.headers.get(name);
    const schema =
      header.schema ?? document.components.headers?.[header.$ref?.split("/").pop() ?? ""]?.schema;
    if (value === null) problems.push(`no ${name} header`);
    else if (schema?.type === "integer" && !/^\d+$/.test(value)) problems.push(`${name}: ${value}`);
  }
  const media = spec.content?.["application/json"];
  if (!media) return problems;
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return [...problems, "the body is not JSON"];
  }
  const errors = errorsOf(media.schema, body);
  if (errors.length > 0) problems.push(`the body breaks its schema: ${JSON.stringify(errors)}`);
  return problems;
}
