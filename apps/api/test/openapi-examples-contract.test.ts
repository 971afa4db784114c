/**
 * Every request example of the OpenAPI document, sent to the real server on each engine in a
 * Make.com-like order: each gets the status its example documents, with a body that validates
 * against the documented schema and an x-request-id header.
 */
import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, startTestApi, type TestApi } from "./harness";
import { type Schema, schemaValidator } from "./openapi/schema-validator";

interface Media {
  schema: Schema;
  example?: unknown;
}
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; example?: unknown }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}
interface OpenApiDocument {
  components: { schemas: Record<string, Schema> };
  paths: Record<string, Record<string, Operation>>;
}

/** [operationId, expected status]: the order a scenario would call them in. */
const scenario: [string, string][] = [
  ["clientsCreate", "201"],
  ["clientsGet", "200"],
  ["clientsList", "200"],
  ["clientsUpdate", "200"],
  ["runsCreate", "201"],
  ["runsCreate", "200"], // the same request again: an idempotent replay
  ["runsGet", "200"],
  ["runsStart", "200"],
  ["stepsRecord", "201"],
  ["stepsRecord", "200"], // a retried step: recorded once
  ["stepsList", "200"],
  ["runsComplete", "200"],
  ["runsList", "200"],
  ["runsFail", "200"], // on a second run (the example's is completed by now)
  ["analyticsCostSummary", "200"],
  ["analyticsTopRuns", "200"],
  ["analyticsCostByModel", "200"],
  ["analyticsCostByDay", "200"],
  ["analyticsCostSeries", "200"],
  ["analyticsSpendPeriods", "200"],
  ["analyticsSpendByClient", "200"],
  ["analyticsRunsByStatus", "200"],
  ["analyticsUnpricedSteps", "200"],
  ["pricesLookup", "200"],
  ["pricesPutOverride", "200"],
  ["pricesListOverrides", "200"],
  ["pricesEndOverride", "200"], // the override just put, ended now
  ["pricesDeleteOverride", "200"], // the same
  ["keysCreate", "201"],
  ["keysList", "200"],
  ["keysRevoke", "200"], // the key just created
  // The endpoint the scenario registers, then its test delivery (ids from the answers).
  ["webhooksCreate", "201"],
  ["webhooksList", "200"],
  ["webhooksGet", "200"],
  ["webhooksUpdate", "200"],
  ["webhooksRotateSecret", "200"],
  ["webhooksTest", "202"],
  ["webhooksDeliveries", "200"],
  ["webhooksRedeliver", "202"],
  ["webhooksDelete", "200"],
];

const webhookOperations = [
  "webhooksGet",
  "webhooksUpdate",
  "webhooksRotateSecret",
  "webhooksTest",
  "webhooksDeliveries",
  "webhooksRedeliver",
  "webhooksDelete",
];

describe.each(testEngines())("every request example against the server (%s)", (engine) => {
  let api: TestApi;
  let document: OpenApiDocument;
  const operations = new Map<string, { method: string; path: string; operation: Operation }>();
  /** Path parameters the scenario made itself (a created key's id, ...). */
  const made: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    api = await startTestApi(engine);
    document = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as OpenApiDocument;
    for (const [path, byMethod] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(byMethod)) {
        operations.set(operation.operationId, { method: method.toUpperCase(), path, operation });
      }
    }
  });
  afterAll(async () => {
    await api?.close();
  });

  it("answers each with its documented status and schema", async () => {
    const { errorsOf } = schemaValidator(document.components);
    for (const [operationId, expected] of scenario) {
      const found = operations.get(operationId);
      if (!found) throw new Error(`${operationId} is not in the document`);
      const { method, operation } = found;
      if (operationId === "runsFail") {
        const second = await api.rest<{ run_id: string }>("POST", "/runs", {
          client_id: "CLT_ACME_001",
        });
        made.runsFail = { run_id: second.body.run_id };
      }
      let path = found.path;
      const query = new URLSearchParams();
      for (const parameter of operation.parameters ?? []) {
        const value = made[operationId]?.[parameter.name] ?? parameter.example;
        if (value === undefined) continue;
        if (parameter.in === "path") path = path.replace(`{${parameter.name}}`, String(value));
        else query.set(parameter.name, String(value));
      }
      const body = operation.requestBody?.content["application/json"]?.example;
      const response = await fetch(`${api.url}${path}${query.size > 0 ? `?${query}` : ""}`, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_KEY}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const where = `${method} ${path} (${operationId})`;
      const answer = (await response.json()) as Record<string, unknown>;
      expect(response.status, `${where}: ${JSON.stringify(answer)}`).toBe(Number(expected));
      expect(response.headers.get("x-request-id"), where).toBeTruthy();
      const schema = operation.responses[expected]?.content?.["application/json"]?.schema;
      if (!schema) throw new Error(`${where} documents no ${expected}`);
      expect(errorsOf(schema, answer), where).toEqual([]);
      if (operationId === "pricesPutOverride") {
        made.pricesEndOverride = { id: String(answer.id) };
        made.pricesDeleteOverride = { id: String(answer.id) };
      }
      if (operationId === "keysCreate") made.keysRevoke = { id: String(answer.id) };
      if (operationId === "webhooksCreate") {
        for (const name of webhookOperations) made[name] = { endpoint_id: String(answer.id) };
      }
      if (operationId === "webhooksTest") {
        made.webhooksRedeliver = { ...made.webhooksRedeliver, delivery_id: String(answer.id) };
      }
    }
  }, 60_000);
});
