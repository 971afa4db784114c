import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../../src/rest/openapi-document";
import { collectRestRoutes } from "../../src/rest/rest-routes";
import { appRouter } from "../../src/routers/app-router";
import { type Schema, schemaValidator } from "./schema-validator";

interface Media {
  schema: Schema;
  example?: unknown;
}
interface Operation {
  parameters?: { name: string; in: string; example?: unknown; schema: Schema }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}
const document = buildOpenApiDocument(collectRestRoutes(appRouter), "0.1.0") as unknown as {
  components: { schemas: Record<string, Schema> };
  paths: Record<string, Record<string, Operation>>;
};

const { ajv, errorsOf } = schemaValidator(document.components);

function expectValid(schema: Schema, value: unknown, where: string) {
  expect(errorsOf(schema, value), where).toEqual([]);
}

const operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
  Object.entries(byMethod).map(([method, operation]) => ({
    where: `${method} ${path}`,
    operation,
  })),
);

describe("the OpenAPI document's examples", () => {
  it.each(operations)(
    "$where has a valid example for its body and every answer",
    ({ where, operation }) => {
      const body = operation.requestBody?.content["application/json"];
      if (body) {
        expect(body.example, `${where} body`).toBeDefined();
        expectValid(body.schema, body.example, `${where} body`);
      }
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === "path")
          expect(parameter.example, `${where} ${parameter.name}`).toBeDefined();
        if (parameter.example !== undefined)
          expectValid(parameter.schema, parameter.example, `${where} ${parameter.name}`);
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = response.content?.["application/json"];
        if (!media) continue;
        expect(media.example, `${where} ${status}`).toBeDefined();
        expectValid(media.schema, media.example, `${where} ${status}`);
      }
    },
  );
});

describe("the example check itself", () => {
  it("refuses an example that breaks its schema", () => {
    const media =
      document.paths["/api/v1/runs/{run_id}"]?.get?.responses["200"]?.content?.["application/json"];
    if (!media) throw new Error("no GET /runs/{run_id} 200");
    const validate = ajv.compile(media.schema);
    expect(validate({ ...(media.example as object), run_id: "RUN_1" })).toBe(false);
    expect(validate({ ...(media.example as object), total_cost: "0.1e3" })).toBe(false);
    expect(validate(media.example)).toBe(true);
  });
});
