import { TIME_ZONE_NAME } from "@columnline/domain";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../../src/rest/openapi-document";
import { collectRestRoutes } from "../../src/rest/rest-routes";
import { appRouter } from "../../src/routers/app-router";

type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
  items?: Schema;
};
interface Operation {
  parameters?: { name: string; in: string; schema: Schema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

const document = buildOpenApiDocument(collectRestRoutes(appRouter), "0.1.0") as unknown as {
  paths: Record<string, Record<string, Operation>>;
};

function operation(path: string, method: string): Operation {
  const found = document.paths[`/api/v1${path}`]?.[method];
  if (!found) throw new Error(`no ${method} ${path} in the document`);
  return found;
}
const bodyOf = (path: string, method: string): Schema => {
  const schema = operation(path, method).requestBody?.content["application/json"]?.schema;
  if (!schema) throw new Error(`no body for ${method} ${path}`);
  return schema;
};
const responseOf = (path: string, method: string, status: string): Schema => {
  const schema = operation(path, method).responses[status]?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`no ${status} for ${method} ${path}`);
  return schema;
};
const parameter = (path: string, method: string, name: string): Schema => {
  const found = operation(path, method).parameters?.find((each) => each.name === name);
  if (!found) throw new Error(`no parameter ${name} on ${method} ${path}`);
  return found.schema;
};
/** The schema under a nullable wrapper, when it has one. */
const nonNull = (schema: Schema | undefined): Schema =>
  schema?.anyOf?.find((each) => each.type !== "null") ?? schema ?? {};

describe("the OpenAPI document states the contract's rules", () => {
  it("gives run and dossier IDs their patterns, the _2 suffix included", () => {
    const runId = new RegExp(String(parameter("/runs/{run_id}", "get", "run_id").pattern));
    expect(runId.test("RUN_20260115_181206")).toBe(true);
    expect(runId.test("RUN_20260115_181206_2")).toBe(true);
    expect(runId.test("RUN_20260115_181206_1")).toBe(false);
    expect(runId.test("RUN_20261345_256000")).toBe(false);
    const dossier = bodyOf("/runs", "post").properties?.dossier_id;
    expect(new RegExp(String(dossier?.pattern)).test("DOSS_20260115_4523")).toBe(true);
    expect(new RegExp(String(dossier?.pattern)).test("DOSS_20260115_0999")).toBe(false);
    const clientId = new RegExp(String(bodyOf("/runs", "post").properties?.client_id?.pattern));
    expect(clientId.test("CLT_ACME_001")).toBe(true);
    expect(clientId.test("x".repeat(65))).toBe(false);
    // URL parsers drop dot segments: no client could be addressed as /clients/. or /clients/..
    expect(clientId.test(".")).toBe(false);
    expect(clientId.test("..")).toBe(false);
  });

  it("says names, step ids, step names and models are non-blank", () => {
    const step = bodyOf("/runs/{run_id}/steps", "post").properties ?? {};
    for (const schema of [
      bodyOf("/clients", "post").properties?.name,
      bodyOf("/keys", "post").properties?.name,
      step.step_id,
      nonNull(step.step_name),
      nonNull(step.model),
      bodyOf("/prices/overrides", "put").properties?.model,
    ]) {
      expect(schema).toMatchObject({ type: "string", minLength: 1, pattern: "\\S" });
      expect(String(schema?.description)).toMatch(/NUL/);
    }
  });

  it("types cost_usd as a non-negative number or decimal string or null", () => {
    const cost = bodyOf("/runs/{run_id}/steps", "post").properties?.cost_usd;
    const [choices, nullChoice] = cost?.anyOf ?? [];
    expect(nullChoice).toEqual({ type: "null" });
    expect(choices?.anyOf).toEqual([
      expect.objectContaining({ type: "number", minimum: 0 }),
      expect.objectContaining({ type: "string", pattern: expect.any(String) }),
    ]);
    const usage = bodyOf("/runs/{run_id}/steps", "post").properties?.usage;
    expect(String(usage?.description)).toMatch(
      /cache_read_tokens \+ cache_write_tokens <= input_tokens/,
    );
  });

  it("gives money a decimal-string pattern and times format date-time", () => {
    const run = responseOf("/runs/{run_id}", "get", "200").properties ?? {};
    expect(run.total_cost).toMatchObject({ type: "string", pattern: "^\\d+(\\.\\d+)?$" });
    expect(run.started_at).toMatchObject({ type: "string", format: "date-time" });
    expect(nonNull(run.completed_at)).toMatchObject({ format: "date-time" });
    expect(run.status?.enum).toEqual(["pending", "running", "completed", "failed"]);
    expect(nonNull(run.triggered_by).enum).toEqual(["make.com", "api", "manual"]);
    const step = responseOf("/runs/{run_id}/steps", "post", "201").properties?.step;
    expect(step?.properties?.cost_source?.enum).toEqual(["computed", "reported", "unpriced"]);
    expect(bodyOf("/keys", "post").properties?.scopes?.items?.enum).toEqual([
      "runs:read",
      "runs:write",
      "admin",
    ]);
  });

  it("gives every time zone input the zone-name pattern (analytics and budgets alike)", () => {
    const budgetZone = bodyOf("/clients/{client_id}/budget", "put").properties?.time_zone;
    const overviewZone = parameter("/analytics/cost-series", "get", "time_zone");
    expect(budgetZone?.pattern).toBe(TIME_ZONE_NAME.source);
    expect(overviewZone.pattern).toBe(TIME_ZONE_NAME.source);
  });

  it("requires a PATCH body naming at least one field", () => {
    const patch = operation("/clients/{client_id}", "patch");
    expect(patch.requestBody?.required).toBe(true);
    expect(bodyOf("/clients/{client_id}", "patch")).toMatchObject({
      minProperties: 1,
      anyOf: [{ required: ["name"] }, { required: ["config"] }],
    });
  });

  it("describes the rules JSON Schema cannot state: cursors and JSON objects", () => {
    expect(String(parameter("/runs", "get", "cursor").description)).toMatch(/next_cursor/);
    const seed = nonNull(bodyOf("/runs", "post").properties?.seed_data);
    expect(String(seed.description)).toMatch(/32 levels.*NUL/);
  });
});

describe("the OpenAPI document's answers", () => {
  const full = buildOpenApiDocument(collectRestRoutes(appRouter), "0.1.0") as unknown as {
    tags: { name: string; description: string }[];
    components: { schemas: { Error: { properties: { code: { enum: string[] } } } } };
    paths: Record<
      string,
      Record<
        string,
        {
          tags: string[];
          description?: string;
          responses: Record<string, { headers?: Record<string, unknown> }>;
        }
      >
    >;
  };

  it("puts x-request-id on every response and Retry-After on every 503", () => {
    for (const [path, operations] of Object.entries(full.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          const where = `${method} ${path} ${status}`;
          expect(Object.keys(response.headers ?? {}), where).toContain("x-request-id");
          if (status === "503")
            expect(Object.keys(response.headers ?? {}), where).toContain("retry-after");
          if (status === "405")
            expect(Object.keys(response.headers ?? {}), where).toContain("allow");
        }
      }
    }
  });

  it("gives error codes as an enum and every tag a description", () => {
    expect(full.components.schemas.Error.properties.code.enum).toEqual([
      "VALIDATION",
      "UNAUTHORIZED",
      "FORBIDDEN",
      "BUDGET_EXCEEDED",
      "NOT_FOUND",
      "CONFLICT",
      "PAYLOAD_TOO_LARGE",
      "OVERFLOW",
      "UNAVAILABLE",
      "METHOD_NOT_ALLOWED",
      "INTERNAL",
    ]);
    const tagged = new Set(full.tags.map((tag) => tag.name));
    for (const tag of full.tags) expect(tag.description).not.toBe("");
    for (const operations of Object.values(full.paths)) {
      for (const operation of Object.values(operations)) {
        for (const tag of operation.tags) expect(tagged).toContain(tag);
      }
    }
  });

  it("says unknown query parameters are refused", () => {
    expect(full.paths["/api/v1/runs"]?.get?.description).toMatch(
      /not listed here are refused with 400/,
    );
    expect(full.paths["/api/v1/prices"]?.get?.description).toMatch(/is not a known field/);
  });
});

describe("operations other than OPTIONS", () => {
  it("each document a 2xx answer (redocly.yaml turns that rule off for OPTIONS only)", () => {
    const full = buildOpenApiDocument(collectRestRoutes(appRouter), "0.1.0") as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    for (const [path, operations] of Object.entries(full.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const statuses = Object.keys(operation.responses);
        if (method === "options") expect(statuses, path).toEqual(["405"]);
        else
          expect(
            statuses.some((status) => status.startsWith("2")),
            `${method} ${path}`,
          ).toBe(true);
      }
    }
  });
});
