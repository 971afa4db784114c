import { request } from "node:http";
import { testEngines } from "@columnline/db/testing";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, expectError, expectNoInternals, expectStatus, issuePaths } from "./fixtures";
import { ADMIN_KEY, freshRunId, startTestApi, type TestApi } from "./harness";

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * A request through node:http, so the body can be streamed without a length. The server may
 * answer (413) before the body is sent: the answer counts, a write error after it does not.
 */
function rawRequest(
  url: string,
  options: { method: string; headers: Record<string, string | number>; chunks: Buffer[] },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: options.method, headers: options.headers }, (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on("data", (part: Buffer) => parts.push(part));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(parts).toString("utf8"),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const writeNext = (index: number) => {
      const chunk = options.chunks[index];
      if (chunk === undefined || answered) {
        req.end();
        return;
      }
      req.write(chunk, () => writeNext(index + 1));
    };
    writeNext(0);
  });
}

const auth = { authorization: `Bearer ${ADMIN_KEY}` };

/** The REST routes the issue's table lists, as "METHOD path". */
const ISSUE_ROUTES = [
  "POST /api/v1/clients",
  "GET /api/v1/clients",
  "GET /api/v1/clients/{client_id}",
  "PATCH /api/v1/clients/{client_id}",
  "POST /api/v1/runs",
  "GET /api/v1/runs",
  "GET /api/v1/runs/{run_id}",
  "POST /api/v1/runs/{run_id}/start",
  "POST /api/v1/runs/{run_id}/steps",
  "GET /api/v1/runs/{run_id}/steps",
  "POST /api/v1/runs/{run_id}/complete",
  "POST /api/v1/runs/{run_id}/fail",
  "GET /api/v1/analytics/cost-summary",
  "GET /api/v1/analytics/top-runs",
  "GET /api/v1/analytics/cost-by-model",
  "GET /api/v1/analytics/cost-by-day",
  "GET /api/v1/analytics/cost-series",
  "GET /api/v1/analytics/spend-periods",
  "GET /api/v1/analytics/spend-by-client",
  "GET /api/v1/analytics/runs-by-status",
  "GET /api/v1/analytics/unpriced-steps",
  "GET /api/v1/prices",
  "PUT /api/v1/prices/overrides",
  "GET /api/v1/prices/overrides",
  "POST /api/v1/prices/overrides/{id}/end",
  "DELETE /api/v1/prices/overrides/{id}",
  "POST /api/v1/keys",
  "GET /api/v1/keys",
  "DELETE /api/v1/keys/{id}",
  // Issue 15: budgets.
  "PUT /api/v1/clients/{client_id}/budget",
  "GET /api/v1/clients/{client_id}/budget",
  "DELETE /api/v1/clients/{client_id}/budget",
  "PUT /api/v1/budget",
  "GET /api/v1/budget",
  "DELETE /api/v1/budget",
  // Issue 15: webhooks.
  "POST /api/v1/webhooks",
  "GET /api/v1/webhooks",
  "GET /api/v1/webhooks/{endpoint_id}",
  "PATCH /api/v1/webhooks/{endpoint_id}",
  "DELETE /api/v1/webhooks/{endpoint_id}",
  "POST /api/v1/webhooks/{endpoint_id}/rotate-secret",
  "POST /api/v1/webhooks/{endpoint_id}/test",
  "GET /api/v1/webhooks/{endpoint_id}/deliveries",
  "POST /api/v1/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver",
];

describe.each(testEngines())("HTTP edges and the OpenAPI document (%s)", (engine) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(engine);
  });
  afterAll(async () => {
    await api?.close();
  });

  const post = (path: string, body: string | Buffer, contentType?: string) =>
    fetch(`${api.url}${path}`, {
      method: "POST",
      headers: { ...auth, ...(contentType ? { "content-type": contentType } : {}) },
      body,
    });

  async function expectJsonError(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const text = await response.text();
    const body = JSON.parse(text) as {
      code: string;
      message: string;
      issues?: { path: string; message: string }[];
    };
    expect(body.code).toBe(code);
    expect(typeof body.message).toBe("string");
    expectNoInternals(text);
    return body;
  }

  describe("the OpenAPI document", () => {
    it("is a valid OpenAPI 3.1 document, served without a key", async () => {
      const response = await fetch(`${api.url}/api/openapi.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      const document = (await response.json()) as Record<string, unknown>;
      const validator = new Validator();
      const result = await validator.validate(document);
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
      expect(validator.version).toBe("3.1");
    });

    it("lists exactly the REST routes of the issue's table and the public ones, each with its security", async () => {
      const document = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as {
        servers: { url: string }[];
        components: { securitySchemes: Record<string, { scheme?: string }> };
        paths: Record<
          string,
          Record<string, { security: unknown[]; responses: Record<string, unknown> }>
        >;
      };
      const listed = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations)
          .filter((method) => method !== "options")
          .map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(listed.sort()).toEqual(
        [...ISSUE_ROUTES, "GET /healthz", "GET /readyz", "GET /api/openapi.json"].sort(),
      );
      expect(document.servers.map((server) => server.url)).toEqual([api.url, "/"]);
      expect(document.components.securitySchemes.bearerAuth?.scheme).toBe("bearer");
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          expect(operation.security, `${method} ${path}`).toBeDefined();
          if (path.startsWith("/api/v1/") && method !== "options") {
            expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(
              expect.arrayContaining(["401", "403", "503"]),
            );
          }
        }
      }
      // Creates answer 201 the first time and 200 for a replay; reads never 409 or 413.
      expect(Object.keys(document.paths["/api/v1/runs"]?.post?.responses ?? {})).toEqual(
        expect.arrayContaining(["201", "200", "409"]),
      );
      expect(Object.keys(document.paths["/api/v1/runs"]?.get?.responses ?? {})).not.toEqual(
        expect.arrayContaining(["409"]),
      );
    });

    it("answers OPTIONS on every documented path with 405 and the Allow the document lists", async () => {
      const document = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      for (const [template, operations] of Object.entries(document.paths)) {
        const path = template
          .replace("{run_id}", freshRunId())
          .replace("{client_id}", "CLT_X")
          .replace("{id}", "00000000-0000-4000-8000-000000000000");
        const response = await fetch(`${api.url}${path}`, { method: "OPTIONS" });
        expect(response.status, path).toBe(405);
        expect(response.headers.get("x-request-id"), path).toBeTruthy();
        const documented = Object.keys(operations)
          .filter((method) => method !== "options")
          .map((method) => method.toUpperCase());
        if (documented.includes("GET")) documented.push("HEAD");
        const allow = (response.headers.get("allow") ?? "").split(",").map((item) => item.trim());
        expect(allow.sort(), path).toEqual(documented.sort());
      }
    });
  });

  describe("health", () => {
    it("answers /healthz with 200 and no key", async () => {
      const response = await fetch(`${api.url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ok" });
    });

    it("answers a wrong method on the fixed paths with 405 and Allow: GET, HEAD", async () => {
      for (const path of ["/healthz", "/readyz", "/api/openapi.json"]) {
        const response = await fetch(`${api.url}${path}`, { method: "POST" });
        await expectJsonError(response, 405, "METHOD_NOT_ALLOWED");
        expect(response.headers.get("allow")).toBe("GET, HEAD");
      }
    });

    it("answers HEAD on every GET route like GET, without the body (RFC 9110)", async () => {
      const paths = [
        "/healthz",
        "/readyz",
        "/api/openapi.json",
        "/api/v1/runs?limit=1",
        "/api/v1/clients",
        `/api/v1/runs/${freshRunId()}`,
        "/api/v1/analytics/cost-summary",
        "/api/v1/prices/openai/gpt-4o",
        `/trpc/runs.list?input=${encodeURIComponent("{}")}`,
      ];
      for (const path of paths) {
        const [get, head] = await Promise.all(
          ["GET", "HEAD"].map((method) => fetch(`${api.url}${path}`, { method, headers: auth })),
        );
        if (!get || !head) throw new Error("no answer");
        const getBody = await get.arrayBuffer();
        expect(head.status, path).toBe(get.status);
        expect(head.headers.get("content-type"), path).toBe(get.headers.get("content-type"));
        expect(head.headers.get("content-length"), path).toBe(
          get.headers.get("content-length") ?? String(getBody.byteLength),
        );
        expect((await head.arrayBuffer()).byteLength, path).toBe(0);
      }
    });
  });

  describe("routing", () => {
    it("answers an unknown API path with a JSON 404", async () => {
      // Other GET paths belong to the dashboard (dashboard-serving.test.ts).
      for (const path of [
        "/api/nope",
        "/trpc",
        "/api/v1/nope",
        "/api/v1/runs/RUN_20260115_181206/extra",
        "/api/v2/runs",
      ]) {
        await expectJsonError(
          await fetch(`${api.url}${path}`, { headers: auth }),
          404,
          "NOT_FOUND",
        );
      }
    });

    it("answers a wrong method with 405 and an Allow header listing each allowed method once", async () => {
      const cases: [string, string, string[]][] = [
        ["DELETE", "/api/v1/runs", ["GET", "HEAD", "POST"]],
        ["PUT", `/api/v1/runs/${freshRunId()}`, ["GET", "HEAD"]],
        ["GET", `/api/v1/runs/${freshRunId()}/start`, ["POST"]],
        ["DELETE", "/api/v1/clients/CLT_X", ["GET", "HEAD", "PATCH"]],
        ["PATCH", "/api/v1/prices/overrides", ["GET", "HEAD", "PUT"]],
        ["POST", "/api/v1/prices/openai/gpt-4o", ["GET", "HEAD"]],
      ];
      for (const [method, path, allowed] of cases) {
        const response = await fetch(`${api.url}${path}`, { method, headers: auth });
        await expectJsonError(response, 405, "METHOD_NOT_ALLOWED");
        const allow = (response.headers.get("allow") ?? "").split(",").map((item) => item.trim());
        expect(allow.sort(), `${method} ${path}`).toEqual(allowed);
      }
      const head = await fetch(`${api.url}/api/v1/runs/${freshRunId()}/start`, {
        method: "HEAD",
        headers: auth,
      });
      expect(head.status).toBe(405);
      expect(head.headers.get("allow")).toBe("POST");
    });
  });

  describe("validation messages", () => {
    it("say one sentence per field, naming it", async () => {
      const cases: [string, string, unknown, string[]][] = [
        ["POST", `/api/v1/runs/${freshRunId()}/fail`, {}, ["error_message is required"]],
        [
          "POST",
          `/api/v1/runs/${freshRunId()}/fail`,
          { error_message: 5 },
          ["error_message must be a string"],
        ],
        [
          "POST",
          "/api/v1/runs",
          { client_id: "CLT_X", status: "done", seed_data: 5 },
          ["status must be one of pending, running", "seed_data must be a JSON object"],
        ],
        [
          "GET",
          "/api/v1/runs?limit=abc&status=x",
          undefined,
          ["status must be one of pending, running, completed, failed", "limit must be a number"],
        ],
        ["GET", "/api/v1/runs?limit=500", undefined, ["limit must be at most 200"]],
        [
          "POST",
          "/api/v1/keys",
          { name: "k", scopes: ["nope"], colour: "red" },
          ["colour is not a known field", "scopes.0 must be one of runs:read, runs:write, admin"],
        ],
      ];
      for (const [method, path, body, sentences] of cases) {
        const response = await fetch(`${api.url}${path}`, {
          method,
          headers: { ...auth, "content-type": "application/json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const error = await expectJsonError(response, 400, "VALIDATION");
        const messages = (error.issues ?? []).map((issue) => issue.message);
        expect(messages.sort(), `${method} ${path}`).toEqual([...sentences].sort());
        for (const sentence of sentences) expect(error.message).toContain(sentence);
        expect(error.message).not.toMatch(/Invalid input|expected \w+, received/);
      }
    });
  });

  describe("request bodies", () => {
    it("answers invalid JSON with 400", async () => {
      const body = await expectJsonError(
        await post("/api/v1/runs", "{oops", "application/json"),
        400,
        "VALIDATION",
      );
      expect(body.message).toMatch(/JSON/);
    });

    it("answers a body that is not a JSON object with 400", async () => {
      for (const text of ["[]", '["client_id"]', '"text"', "42", "null", "true"]) {
        const body = await expectJsonError(
          await post("/api/v1/runs", text, "application/json"),
          400,
          "VALIDATION",
        );
        expect(body.issues, text).toEqual([{ path: "(body)", message: expect.any(String) }]);
      }
    });

    it("answers a body sent without a JSON content type with 400 (not 415), whatever the body", async () => {
      const clientId = await createClient(api);
      const json = JSON.stringify({ client_id: clientId });
      for (const contentType of [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        undefined,
      ]) {
        const body = await expectJsonError(
          await post("/api/v1/runs", json, contentType),
          400,
          "VALIDATION",
        );
        expect(body.message, String(contentType)).toMatch(/application\/json/);
      }
      // JSON media types with parameters or a +json suffix are JSON.
      for (const contentType of [
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/vnd.api+json",
      ]) {
        expect((await post("/api/v1/runs", json, contentType)).status, contentType).toBe(201);
      }
    });

    it("needs no body, nor a content type, for actions", async () => {
      const clientId = await createClient(api);
      const created = expectStatus(
        await api.rest<{ run_id: string }>("POST", "/runs", { client_id: clientId }),
        201,
      );
      const response = await fetch(`${api.url}/api/v1/runs/${created.run_id}/start`, {
        method: "POST",
        headers: auth,
      });
      expect(response.status).toBe(200);
    });

    it("refuses a URL parameter that disagrees with the body", async () => {
      const clientId = await createClient(api);
      const created = expectStatus(
        await api.rest<{ run_id: string }>("POST", "/runs", {
          client_id: clientId,
          status: "running",
        }),
        201,
      );
      const error = expectError(
        await api.rest("POST", `/runs/${created.run_id}/fail`, {
          run_id: freshRunId(),
          error_message: "x",
        }),
        400,
        "VALIDATION",
      );
      expect(issuePaths(error)).toEqual(["run_id"]);
    });

    it("answers a body over 1 MiB with a JSON 413, declared or streamed, and keeps serving", async () => {
      const big = Buffer.from(
        JSON.stringify({ client_id: "CLT_X", name: "x".repeat(1024 * 1024) }),
      );
      const declared = await rawRequest(`${api.url}/api/v1/clients`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json", "content-length": big.length },
        chunks: [big],
      });
      expect(declared.status).toBe(413);
      expect(JSON.parse(declared.text)).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });

      // No length: the server counts while reading and stops at 1 MiB.
      const chunks = Array.from({ length: 40 }, (_, i) =>
        big.subarray(i * 32_768, (i + 1) * 32_768),
      );
      const streamed = await rawRequest(`${api.url}/api/v1/clients`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json", "transfer-encoding": "chunked" },
        chunks,
      });
      expect(streamed.status).toBe(413);
      expect(JSON.parse(streamed.text)).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });

      const trpc = await rawRequest(`${api.url}/trpc/clients.create`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json", "content-length": big.length },
        chunks: [big],
      });
      expect(trpc.status).toBe(413);

      // Just under the limit is read (and then judged on its merits).
      const fits = Buffer.from(
        JSON.stringify({ client_id: "CLT_X", name: "x".repeat(1024 * 1024 - 64) }),
      );
      expect(fits.length).toBeLessThanOrEqual(1024 * 1024);
      const under = await rawRequest(`${api.url}/api/v1/clients`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json", "content-length": fits.length },
        chunks: [fits],
      });
      expect(under.status).toBe(400);
      expect(JSON.parse(under.text).issues).toEqual([
        { path: "name", message: expect.any(String) },
      ]);

      expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    });

    it("answers 400 rather than failing on very deep or very wide JSON", async () => {
      const clientId = await createClient(api);
      const depth = 100_000;
      const deep = `{"client_id":"${clientId}","seed_data":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`;
      const deepError = await expectJsonError(
        await post("/api/v1/runs", deep, "application/json"),
        400,
        "VALIDATION",
      );
      expect(deepError.issues).toEqual([
        { path: "seed_data", message: expect.stringMatching(/deeper/) },
      ]);
      const wide = JSON.stringify({
        client_id: clientId,
        seed_data: { list: new Array(200_000).fill(0) },
      });
      expect((await post("/api/v1/runs", wide, "application/json")).status).toBe(201);
    });
  });

  describe("request ids", () => {
    it("echoes a caller's x-request-id and mints one otherwise", async () => {
      const given = await fetch(`${api.url}/api/v1/runs?limit=1`, {
        headers: { ...auth, "x-request-id": "make-scenario-42:step.3" },
      });
      expect(given.headers.get("x-request-id")).toBe("make-scenario-42:step.3");
      const minted = await fetch(`${api.url}/healthz`);
      expect(minted.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      // Unsafe to log (spaces, too long): replaced.
      for (const unsafe of ["has spaces", "x".repeat(200)]) {
        const replaced = await fetch(`${api.url}/healthz`, { headers: { "x-request-id": unsafe } });
        expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      }
      // Errors carry it too.
      const error = await fetch(`${api.url}/api/v1/runs`, {
        headers: { "x-request-id": "req-401" },
      });
      expect(error.status).toBe(401);
      expect(error.headers.get("x-request-id")).toBe("req-401");
    });
  });

  // Last: it takes the database away from this file's server.
  describe("database outage", () => {
    it("answers 503 JSON while the database is gone; /healthz stays up", async () => {
      await api.closeDatabase();
      const response = await fetch(`${api.url}/api/v1/runs`, { headers: auth });
      const body = await expectJsonError(response, 503, "UNAVAILABLE");
      expect(body.message).toMatch(/unavailable|retry/i);
      expect(response.headers.get("retry-after")).toBe("1");
      const ready = await fetch(`${api.url}/readyz`, { headers: auth });
      await expectJsonError(ready, 503, "UNAVAILABLE");
      expect(ready.headers.get("retry-after")).toBe("1");
      // tRPC: a single call and a batch answer 503 with Retry-After as well.
      const single = await fetch(`${api.url}/trpc/runs.list?input=${encodeURIComponent("{}")}`, {
        headers: auth,
      });
      const batch = await fetch(
        `${api.url}/trpc/runs.list,runs.list?batch=1&input=${encodeURIComponent('{"0":{},"1":{}}')}`,
        { headers: auth },
      );
      for (const answer of [single, batch]) {
        expect(answer.status).toBe(503);
        expect(answer.headers.get("retry-after")).toBe("1");
      }
      expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    });
  });
});
