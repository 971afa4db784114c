/**
 * 4. Bad input: property-based fuzzing (fast-check) of every REST route the OpenAPI document
 * lists, with the admin key so that auth is never what rejects. Not one 5xx; every error is
 * the JSON {code, message, issues?} without internals; every rejected request leaves the
 * database exactly as it was (row counts and a checksum of every table).
 */
import { randomUUID } from "node:crypto";
import { testEngines } from "@columnline/db/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, startTestApi, type TestApi } from "../harness";
import {
  type BodySpec,
  bodyArbitrary,
  contentTypeArbitrary,
  encodeSegment,
  pathValueArbitrary,
  queryArbitrary,
  RawJson,
  toJsonText,
} from "./support/fuzz-inputs";
import { queryRows } from "./support/ledger";

/** Random cases per engine, on top of the fixed examples every route gets. */
const RUNS_PER_ENGINE = Number(process.env.FUZZ_RUNS ?? 2_000);
const MAX_BODY = 1024 * 1024;

/** What must never reach a caller, whatever it sent. */
const LEAKS = /\n\s*at |node_modules|Failed query|SQLSTATE|\.[cm]?[jt]s:\d+/;

const TABLES = ["v2_runs", "v2_run_steps", "v2_clients", "v2_model_prices", "v2_api_keys"];
const SNAPSHOT_SQL = `SELECT ${TABLES.map(
  (table) =>
    `(SELECT count(*)::int FROM ${table}) AS ${table}_rows, ` +
    `(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM ${table} AS t) AS ${table}_md5`,
).join(", ")}`;

interface Route {
  method: string;
  template: string;
  pathParams: string[];
  queryParams: string[];
  hasBody: boolean;
}

interface Case {
  route: Route;
  path: string;
  query: [string, string][];
  body: BodySpec;
  contentType: string | null;
}

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
}

describe.each(testEngines())("fuzzing every REST route (%s)", (engine) => {
  let api: TestApi;
  let routes: Route[];
  const valid: Record<string, string[]> = {};
  const bases: Record<string, Record<string, unknown>> = {};

  beforeAll(async () => {
    api = await startTestApi(engine);
    const document = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    // The REST routes: not the public ones (/healthz, ...) nor OPTIONS (always a 405).
    const restPaths = Object.entries(document.paths).filter(([path]) =>
      path.startsWith("/api/v1/"),
    );
    routes = restPaths.flatMap(([template, operations]) =>
      Object.entries(operations)
        .filter(([method]) => method !== "options")
        .map(([method, operation]) => ({
          method: method.toUpperCase(),
          template,
          pathParams: (operation.parameters ?? [])
            .filter((p) => p.in === "path")
            .map((p) => p.name),
          queryParams: (operation.parameters ?? [])
            .filter((p) => p.in === "query")
            .map((p) => p.name),
          hasBody: !["GET", "DELETE"].includes(method.toUpperCase()),
        })),
    );

    // Real rows for the routes to find: a client, a running run, a price override, a key.
    const clientId = "CLT_FUZZ";
    const runId = "RUN_20240101_120000";
    const admin = (method: string, path: string, body: unknown) =>
      api.rest<Record<string, unknown>>(method, path, body);
    expect((await admin("POST", "/clients", { client_id: clientId, name: "Fuzz" })).status).toBe(
      201,
    );
    expect(
      (await admin("POST", "/runs", { client_id: clientId, run_id: runId, status: "running" }))
        .status,
    ).toBe(201);
    const override = await admin("PUT", "/prices/overrides", {
      model: "gpt-4o",
      client_id: clientId,
      input_mtok: "2",
      output_mtok: "8",
    });
    const key = await admin("POST", "/keys", { name: "fuzz", scopes: ["runs:read"] });
    valid.client_id = [clientId, "CLT_MISSING"];
    valid.run_id = [runId, "RUN_20240101_120001"];
    valid.id = [String(override.body.id), String(key.body.id), randomUUID()];
    valid.model = ["gpt-4o", "openai/gpt-4o", "claude-sonnet-4-5", "no-such-model"];

    bases["POST /api/v1/clients"] = {
      client_id: "CLT_FUZZ_NEW",
      name: "Fuzz",
      config: { tier: "gold" },
    };
    bases["PATCH /api/v1/clients/{client_id}"] = { name: "Renamed", config: { tier: "silver" } };
    bases["POST /api/v1/runs"] = {
      client_id: clientId,
      run_id: "RUN_20240102_000000",
      dossier_id: "DOSS_20240102_1234",
      status: "running",
      seed_data: { lead_url: "https://example.com/lead", signal: { score: 3 } },
      triggered_by: "make.com",
      config_snapshot: { tone: "formal" },
    };
    bases["POST /api/v1/runs/{run_id}/fail"] = { error_message: "boom" };
    bases["POST /api/v1/runs/{run_id}/steps"] = {
      step_id: "research",
      step_name: "research",
      model: "gpt-4o",
      usage: { input_tokens: 1000, output_tokens: 500, cache_read_tokens: 100 },
      cost_usd: "0.0075",
    };
    bases["PUT /api/v1/prices/overrides"] = {
      model: "gpt-4o",
      provider: "openai",
      client_id: clientId,
      effective_from: "2025-01-01T00:00:00Z",
      input_mtok: "2.5",
      output_mtok: "10",
      cache_read_mtok: "1.25",
    };
    bases["POST /api/v1/keys"] = { name: "fuzzed", scopes: ["runs:read"] };
  });
  afterAll(async () => {
    await api?.close();
  });

  const snapshot = async () => (await queryRows(api.db, SNAPSHOT_SQL))[0];

  function caseArbitrary(route: Route): fc.Arbitrary<Case> {
    const segments = route.pathParams.map((name) =>
      pathValueArbitrary(valid[name] ?? ["x"]).map((value) => [name, value] as const),
    );
    const base = bases[`${route.method} ${route.template}`] ?? null;
    return fc.record({
      route: fc.constant(route),
      path: fc
        .tuple(...segments)
        .map((values) =>
          values.reduce(
            (path, [name, value]) => path.replace(new RegExp(`\\{${name}\\+?\\}`), () => value),
            route.template,
          ),
        ),
      query: queryArbitrary(route.queryParams),
      body: route.hasBody ? bodyArbitrary(base) : fc.constant<BodySpec>({ kind: "none" }),
      contentType: route.hasBody ? contentTypeArbitrary : fc.constant(null),
    });
  }

  /** The fixed cases every route gets, whatever the random ones: the issue's list. */
  function examples(route: Route): Case[] {
    const path = route.pathParams.reduce(
      (template, name) =>
        template.replace(new RegExp(`\\{${name}\\+?\\}`), () =>
          encodeSegment(valid[name]?.[0] ?? "x"),
        ),
      route.template,
    );
    const make = (body: BodySpec, contentType: string | null = "application/json"): Case => ({
      route,
      path,
      query: [],
      body,
      contentType,
    });
    if (!route.hasBody) {
      return [
        { ...make({ kind: "none" }, null), query: [["limit", "1e309"]] },
        {
          ...make({ kind: "none" }, null),
          query: [
            ["limit", "-1"],
            ["from", "NaN"],
          ],
        },
        {
          ...make({ kind: "none" }, null),
          query: [
            ["client_id", "' OR 1=1 --"],
            ["x", "\u0000"],
          ],
        },
      ];
    }
    const base = bases[`${route.method} ${route.template}`] ?? {};
    const first = Object.keys(base)[0] ?? "field";
    const json = (value: unknown) => make({ kind: "json", value });
    return [
      ...[
        new RawJson("1e309"),
        2 ** 53,
        -1,
        "NaN",
        "\u0000",
        "\ud800",
        "'; DROP TABLE v2_runs; --",
        { deep: deepNest(1_000) },
      ].map((value) => json({ ...base, [first]: value })),
      json({ ...base, seed_data: deepNest(40) }),
      json({ ...base, usage: { input_tokens: new RawJson("9007199254740993"), output_tokens: 1 } }),
      json({}),
      json({ ...base, unexpected_field: true }),
      json([base]),
      make({ kind: "text", text: "{not json" }),
      make({ kind: "json", value: base }, "text/plain"),
      make({ kind: "json", value: base }, null),
      make({ kind: "oversized", declared: true }),
      make({ kind: "oversized", declared: false }),
    ];
  }

  async function send(testCase: Case): Promise<{ status: number; text: string }> {
    const url = new URL(`${api.url}${testCase.path}`);
    for (const [name, value] of testCase.query) url.searchParams.append(name, value);
    const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_KEY}` };
    if (testCase.contentType !== null) headers["content-type"] = testCase.contentType;
    let body: string | Uint8Array | ReadableStream<Uint8Array> | undefined;
    let duplex: "half" | undefined;
    const { body: spec } = testCase;
    if (spec.kind === "json") body = toJsonText(spec.value);
    else if (spec.kind === "text") body = spec.text;
    else if (spec.kind === "bytes") body = spec.bytes;
    else if (spec.kind === "oversized") {
      const text = `{"name":"${"x".repeat(MAX_BODY)}"}`;
      if (spec.declared) body = text;
      else {
        // Chunked, no Content-Length: the server must count as it reads.
        const bytes = new TextEncoder().encode(text);
        let offset = 0;
        body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (offset >= bytes.length) return controller.close();
            controller.enqueue(bytes.subarray(offset, offset + 64 * 1024));
            offset += 64 * 1024;
          },
        });
        duplex = "half";
      }
    }
    const response = await fetch(url, {
      method: testCase.route.method,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(duplex ? { duplex } : {}),
      signal: AbortSignal.timeout(15_000),
    } as RequestInit);
    return { status: response.status, text: await response.text() };
  }

  it("answers every hostile request without a 5xx, and a rejected one changes nothing", async () => {
    expect(routes.length).toBeGreaterThanOrEqual(22);
    const statuses: Record<string, number> = {};
    let cases = 0;
    let rejected = 0;
    const check = async (testCase: Case) => {
      const before = await snapshot();
      const { status, text } = await send(testCase);
      cases += 1;
      statuses[status] = (statuses[status] ?? 0) + 1;
      const label = `${testCase.route.method} ${testCase.path} ${JSON.stringify(testCase.body).slice(0, 300)} → ${status} ${text.slice(0, 300)}`;
      expect(status, label).toBeLessThan(500);
      if (status < 400) return;
      rejected += 1;
      const error = JSON.parse(text) as Record<string, unknown>;
      expect(typeof error.code, label).toBe("string");
      expect(typeof error.message, label).toBe("string");
      // Messages may echo what the caller sent (a model named "1; SELECT ..."), but never a
      // stack frame, driver or SQL wording, or a database-level rejection the API did not name.
      const said = [
        error.message,
        ...((error.issues as { message: string }[]) ?? []).map((i) => i.message),
      ];
      for (const text of said.map(String)) {
        expect(text, label).not.toMatch(LEAKS);
      }
      expect(await snapshot(), `database changed by a rejected request: ${label}`).toEqual(before);
    };

    for (const route of routes) for (const example of examples(route)) await check(example);
    const fixed = cases;
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
    await fc.assert(fc.asyncProperty(fc.oneof(...routes.map(caseArbitrary)), check), {
      numRuns: RUNS_PER_ENGINE,
      seed,
      endOnFailure: true,
    });
    console.log(
      `[fuzz, ${engine}] ${cases} cases over ${routes.length} routes (${fixed} fixed, ` +
        `${cases - fixed} random, seed ${seed}): ${rejected} rejected with 4xx and the database unchanged, ` +
        `${cases - rejected} accepted; statuses ${JSON.stringify(statuses)}`,
    );
    expect(Object.keys(statuses).filter((status) => Number(status) >= 500)).toEqual([]);
  });
});

function deepNest(depth: number): unknown {
  let value: unknown = "bottom";
  for (let level = 0; level < depth; level++) value = { next: value };
  return value;
}
