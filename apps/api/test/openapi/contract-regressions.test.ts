/**
 * Discrepancies the property contract test found between the document and the server, each
 * pinned on both sides: what the served document says, and what the server answers.
 */
import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../harness";
import type { OpenApiDocument } from "./live-document";
import { type Schema, schemaValidator } from "./schema-validator";

describe.each(testEngines())("document and server agree on (%s)", (engine) => {
  let api: TestApi;
  let document: OpenApiDocument;
  let errorsOf: (schema: Schema, value: unknown) => unknown[];
  const valid = (schema: Schema | undefined, value: unknown) =>
    errorsOf(schema ?? {}, value).length === 0;
  const body = (path: string, method: string, field: string) => {
    const media =
      document.paths[`/api/v1${path}`]?.[method]?.requestBody?.content["application/json"];
    return (media?.schema.properties as Record<string, Schema> | undefined)?.[field];
  };
  const query = (path: string, name: string) =>
    document.paths[`/api/v1${path}`]?.get?.parameters?.find((p) => p.name === name);

  beforeAll(async () => {
    api = await startTestApi(engine);
    document = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as OpenApiDocument;
    errorsOf = schemaValidator(document.components).errorsOf;
    await api.rest("POST", "/clients", { client_id: "CLT_ACME_001", name: "Acme" });
  });
  afterAll(async () => {
    await api?.close();
  });

  it("a blank override provider: the schema refuses it, as the server does", async () => {
    const provider = body("/prices/overrides", "put", "provider");
    for (const blank of ["", "  "]) {
      expect(valid(provider, blank), JSON.stringify(blank)).toBe(false);
      const answer = await api.rest("PUT", "/prices/overrides", {
        model: "gpt-4o",
        provider: blank,
        input_mtok: "2",
        output_mtok: "8",
      });
      expect(answer.status).toBe(400);
    }
    expect(valid(provider, "openai")).toBe(true);
  });

  it("a blank or NUL-holding error_message: the schema and its description say so", async () => {
    const run = await api.rest<{ run_id: string }>("POST", "/runs", {
      client_id: "CLT_ACME_001",
      status: "running",
    });
    const errorMessage = body("/runs/{run_id}/fail", "post", "error_message");
    expect(valid(errorMessage, " \n ")).toBe(false);
    expect(String(errorMessage?.description)).toContain("No NUL character");
    for (const refused of [" \n ", "timed out\u0000"]) {
      const answer = await api.rest("POST", `/runs/${run.body.run_id}/fail`, {
        error_message: refused,
      });
      expect(answer.status, JSON.stringify(refused)).toBe(400);
    }
  });

  it("times before year 1: every time parameter's description states the range", async () => {
    const range = "from 0001-01-01 to 9999-12-31 UTC";
    for (const [path, name] of [
      ["/analytics/cost-summary", "from"],
      ["/analytics/top-runs", "to"],
      ["/prices", "at"],
    ] as const) {
      expect(query(path, name)?.description, `${path} ${name}`).toContain(range);
    }
    expect(body("/prices/overrides", "put", "effective_from")?.description).toContain(range);
    const answer = await api.rest("GET", "/analytics/cost-summary?from=0000-06-01");
    expect(answer.status).toBe(400);
  });

  it("IDs from year 0000: the patterns refuse them, as the server does (it was a database 400)", async () => {
    const runId = body("/runs", "post", "run_id")?.pattern;
    const dossier = body("/runs", "post", "dossier_id") as Schema & { anyOf?: Schema[] };
    const dossierId = (dossier.anyOf?.find((each) => each.pattern) ?? dossier).pattern;
    expect([typeof runId, typeof dossierId]).toEqual(["string", "string"]);
    expect(new RegExp(String(runId)).test("RUN_00000501_083515")).toBe(false);
    expect(new RegExp(String(runId)).test("RUN_00010501_083515")).toBe(true);
    expect(new RegExp(String(dossierId)).test("DOSS_00000101_4523")).toBe(false);
    const clientId = `CLT_Y0_${engine.toUpperCase()}_${Date.now()}`;
    expect(
      (await api.rest("POST", "/clients", { client_id: clientId, name: "Year 0" })).status,
    ).toBe(201);
    const answer = await api.rest<{ code: string; issues: { path: string }[] }>("POST", "/runs", {
      client_id: clientId,
      run_id: "RUN_00000501_083515",
    });
    expect(answer.status).toBe(400);
    expect(answer.body.issues.map((issue) => issue.path)).toEqual(["run_id"]);
  });

  it("times before year 100 read back as stored (they read as 19xx, or as a 500)", async () => {
    // PostgreSQL writes "0028-02-29 04:07:22.1+00"; new Date() of that is an Invalid Date.
    const model = `model-${engine}-${Date.now()}`;
    const times = [
      "0028-02-29T04:07:22.100Z",
      "0050-01-01T00:00:00.000Z",
      "0099-12-31T00:00:00.000Z",
    ];
    for (const effectiveFrom of times) {
      const put = await api.rest<{ effective_from: string }>("PUT", "/prices/overrides", {
        model,
        input_mtok: "2",
        output_mtok: "8",
        effective_from: effectiveFrom,
      });
      expect(put.status, effectiveFrom).toBe(200);
      expect(put.body.effective_from).toBe(effectiveFrom);
    }
    const listed = await api.rest<{ effective_from: string }[]>(
      "GET",
      `/prices/overrides?model=${model}`,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.map((override) => override.effective_from)).toEqual(times);

    const run = await api.rest<{ run_id: string }>("POST", "/runs", {
      client_id: "CLT_ACME_001",
      status: "running",
    });
    const recorded = await api.rest<{ step: { started_at: string; completed_at: string } }>(
      "POST",
      `/runs/${run.body.run_id}/steps`,
      {
        step_id: "old",
        model: "gpt-4o",
        usage: { input_tokens: 10, output_tokens: 5 },
        started_at: "0050-06-01T00:00:00Z",
        duration_ms: 1500,
      },
    );
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    expect(recorded.body.step).toMatchObject({
      started_at: "0050-06-01T00:00:00.000Z",
      completed_at: "0050-06-01T00:00:01.500Z",
    });
  });

  it("rules between fields and time zone names: each description states its rule", async () => {
    const runsQuery = (name: string) => String(query("/runs", name)?.description);
    expect(runsQuery("min_cost")).toContain("min_cost must not exceed max_cost");
    expect((await api.rest("GET", "/runs?min_cost=2&max_cost=1")).status).toBe(400);
    expect(String(query("/analytics/cost-series", "to")?.description)).toContain(
      "must be after from and at most 732 days after it",
    );
    const reversed = "/analytics/cost-series?from=2026-02-01&to=2026-01-01";
    expect((await api.rest("GET", reversed)).status).toBe(400);
    const zone = query("/analytics/cost-series", "time_zone");
    expect(String(zone?.description)).toContain("a POSIX-style offset such as UTC+3");
    expect(valid(zone?.schema, "Europe/Paris")).toBe(true);
    expect(valid(zone?.schema, "Europe Paris")).toBe(false);
    const posix = "/analytics/cost-series?from=2026-01-01&to=2026-01-02&time_zone=UTC%2B3";
    expect((await api.rest("GET", posix)).status).toBe(400);
    const completedAt = String(body("/runs/{run_id}/steps", "post", "completed_at")?.description);
    for (const rule of ["needs started_at", "must not be before it", "604800000 ms (7 days)"]) {
      expect(completedAt).toContain(rule);
    }
    expect(String(query("/analytics/unpriced-steps", "cursor")?.description)).toContain(
      "Opaque: only a next_cursor",
    );
  });

  it("q: the pattern (ASCII letters, digits, _) is what the search accepts", async () => {
    const q = query("/runs", "q")?.schema;
    for (const accepted of ["RUN_2026", " doss_2026 ", "run"]) {
      expect(valid(q, accepted), accepted).toBe(true);
      const answer = await api.rest("GET", `/runs?q=${encodeURIComponent(accepted)}`);
      expect(answer.status, accepted).toBe(200);
    }
    // "doſſ".toUpperCase() is "DOSS": the search once took it for a dossier prefix.
    for (const refused of ["", " ", "doſſ", "RUN-2026"]) {
      expect(valid(q, refused), refused).toBe(false);
      const answer = await api.rest("GET", `/runs?q=${encodeURIComponent(refused)}`);
      expect(answer.status, refused).toBe(400);
    }
  });

  it('client ids "." and "..": the pattern refuses them, as the server does', async () => {
    const clientId = body("/clients", "post", "client_id");
    for (const dots of [".", ".."]) {
      expect(valid(clientId, dots), dots).toBe(false);
      const answer = await api.rest("POST", "/clients", { client_id: dots, name: "Dots" });
      expect(answer.status, dots).toBe(400);
    }
    expect(valid(clientId, "...")).toBe(true);
  });
});
