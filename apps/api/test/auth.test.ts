import { randomUUID } from "node:crypto";
import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createClient,
  createRun,
  expectError,
  expectNoInternals,
  expectStatus,
  issuePaths,
  runningRun,
  usage,
} from "./fixtures";
import { freshRunId, type RestResponse, startTestApi, type TestApi, uniqueToken } from "./harness";

// Error bodies must stay clean whatever NODE_ENV says: tRPC adds stacks in development.
const previousNodeEnv = vi.hoisted(() => {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = "development";
  return previous;
});

afterAll(() => {
  process.env.NODE_ENV = previousNodeEnv;
});

interface CreatedKey {
  id: string;
  name: string;
  key: string;
  key_prefix: string;
  scopes: string[];
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

/** A REST route of the OpenAPI document with its parameters filled in. */
function concretePath(template: string): string {
  return template
    .replace("/api/v1", "")
    .replace("{client_id}", `CLT_${uniqueToken()}`)
    .replace("{run_id}", freshRunId())
    .replace("{id}", randomUUID())
    .replace("{model}", "openai/gpt-4o");
}

describe.each(testEngines())("auth and scopes (%s)", (engine) => {
  let api: TestApi;
  let routes: { method: string; path: string }[];
  let readKey: string;
  let writeKey: string;
  let clientId: string;

  beforeAll(async () => {
    api = await startTestApi(engine);
    const document = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as OpenApiDocument;
    // The REST routes: not the public ones (/healthz, ...) nor OPTIONS, which needs no key.
    routes = Object.entries(document.paths)
      .filter(([path]) => path.startsWith("/api/v1/"))
      .flatMap(([path, operations]) =>
        Object.keys(operations)
          .filter((method) => method !== "options")
          .map((method) => ({ method: method.toUpperCase(), path })),
      );
    const newKey = async (scopes: string[]) =>
      expectStatus(
        await api.rest<CreatedKey>("POST", "/keys", { name: `key ${scopes}`, scopes }),
        201,
      ).key;
    readKey = await newKey(["runs:read"]);
    writeKey = await newKey(["runs:write"]);
    clientId = await createClient(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  const call = (method: string, path: string, key: string | null, body?: unknown) =>
    api.rest(method, path, body ?? (method === "GET" || method === "DELETE" ? undefined : {}), key);

  describe("401 without a valid key", () => {
    it("reads every REST route from the OpenAPI document", () => {
      // Guards the loops below against iterating over nothing.
      expect(routes.length).toBeGreaterThanOrEqual(22);
    });

    it("answers 401 on every REST route without a key, with an unknown key and with a malformed header", async () => {
      for (const route of routes) {
        const path = concretePath(route.path);
        const label = `${route.method} ${route.path}`;
        for (const key of [
          null,
          "clr_thisKeyWasNeverIssued0000000000000000000",
          "not-even-a-clr-key",
        ]) {
          const response = await call(route.method, path, key);
          expect(response.status, `${label} with ${key}`).toBe(401);
          expectError(response, 401, "UNAUTHORIZED");
        }
        const basic = await fetch(`${api.url}/api/v1${path}`, {
          method: route.method,
          headers: { authorization: `Basic ${Buffer.from("admin:admin").toString("base64")}` },
        });
        expect(basic.status, `${label} with Basic auth`).toBe(401);
      }
    });

    it("checks the key before reading the body: 401, not 400, for junk from an unknown caller", async () => {
      const response = await fetch(`${api.url}/api/v1/runs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      });
      expect(response.status).toBe(401);
      const text = await fetch(`${api.url}/api/v1/clients`, {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: "hello",
      });
      expect(text.status).toBe(401);
    });

    it("answers 401 on every tRPC procedure without a key", async () => {
      const { appRouter } = await import("../src/routers/app-router");
      // The dashboard's session procedures are tRPC-only and public (session.test.ts).
      const procedures = Object.entries(
        appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
      ).filter(([path]) => !path.startsWith("session."));
      expect(procedures.length).toBe(routes.length);
      for (const [path, procedure] of procedures) {
        const response =
          procedure._def.type === "query"
            ? await fetch(`${api.url}/trpc/${path}`)
            : await fetch(`${api.url}/trpc/${path}`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: "{}",
              });
        expect(response.status, path).toBe(401);
        const body = (await response.json()) as { error: { data: { domainCode: string } } };
        expect(body.error.data.domainCode).toBe("UNAUTHORIZED");
      }
    });

    it("keeps /healthz public; /readyz needs a key like every other route", async () => {
      expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
      const anonymous = await fetch(`${api.url}/readyz`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ code: "UNAUTHORIZED" });
      const withKey = await fetch(`${api.url}/readyz`, {
        headers: { authorization: `Bearer ${readKey}` },
      });
      expect(withKey.status).toBe(200);
      expect(await withKey.json()).toEqual({ status: "ready" });
    });
  });

  describe("scopes", () => {
    it("lets a runs:read key read (200) and refuses its writes (403)", async () => {
      const run = await runningRun(api, clientId);
      for (const path of [
        "/runs",
        `/runs/${run.run_id}`,
        `/runs/${run.run_id}/steps`,
        "/analytics/cost-summary",
        "/analytics/top-runs",
        "/analytics/cost-by-model",
        "/analytics/cost-by-day",
        "/prices/gpt-4o",
        "/prices/openai/gpt-4o",
      ]) {
        expect((await call("GET", path, readKey)).status, path).toBe(200);
      }
      for (const [path, body] of [
        ["/runs", { client_id: clientId }],
        [`/runs/${run.run_id}/start`, {}],
        [`/runs/${run.run_id}/steps`, { step_id: "s", usage: usage(1, 1) }],
        [`/runs/${run.run_id}/complete`, {}],
        [`/runs/${run.run_id}/fail`, { error_message: "x" }],
      ] as const) {
        const error = expectError(await call("POST", path, readKey, body), 403, "FORBIDDEN");
        expect(error.message, path).toMatch(/runs:write/);
      }
      // Nothing changed.
      expect(
        expectStatus(
          await api.rest<{ status: string; total_tokens: number }>("GET", `/runs/${run.run_id}`),
          200,
        ),
      ).toMatchObject({ status: "running", total_tokens: 0 });
    });

    it("lets a runs:write key create runs, move them and record steps", async () => {
      const runId = freshRunId();
      expectStatus(
        await api.rest("POST", "/runs", { client_id: clientId, run_id: runId }, writeKey),
        201,
      );
      expectStatus(await api.rest("POST", `/runs/${runId}/start`, undefined, writeKey), 200);
      expectStatus(
        await api.rest(
          "POST",
          `/runs/${runId}/steps`,
          { step_id: "s", model: "gpt-4o", usage: usage(1000, 500) },
          writeKey,
        ),
        201,
      );
      expectStatus(await api.rest("POST", `/runs/${runId}/complete`, undefined, writeKey), 200);
      const other = await createRun(api, clientId);
      expectStatus(
        await api.rest("POST", `/runs/${other.run_id}/fail`, { error_message: "x" }, writeKey),
        200,
      );
    });

    it("refuses clients, keys, price overrides, budget writes and webhooks to keys without admin (403)", async () => {
      // A budget is read with runs:read (the spend is what the analytics show); writing it is admin.
      const budgetRead = (route: { method: string; path: string }) =>
        route.method === "GET" && route.path.endsWith("/budget");
      const adminRoutes = routes.filter(
        (route) =>
          !budgetRead(route) &&
          (route.path.startsWith("/api/v1/clients") ||
            route.path.startsWith("/api/v1/keys") ||
            route.path.startsWith("/api/v1/prices/overrides") ||
            route.path === "/api/v1/budget" ||
            route.path.startsWith("/api/v1/webhooks")),
      );
      expect(adminRoutes).toHaveLength(24);
      for (const key of [readKey, writeKey]) {
        for (const route of adminRoutes) {
          const response = await call(route.method, concretePath(route.path), key);
          expectError(response, 403, "FORBIDDEN");
          expect((response.body as { message: string }).message).toMatch(/admin/);
        }
      }
    });
  });

  describe("keys", () => {
    it("creates a key (201, shown once), lists keys without it, revokes it: 401 on its very next request", async () => {
      const created = expectStatus(
        await api.rest<CreatedKey>("POST", "/keys", {
          name: "make.com scenario",
          scopes: ["runs:read", "runs:write"],
        }),
        201,
      );
      expect(created).toMatchObject({
        name: "make.com scenario",
        scopes: ["runs:read", "runs:write"],
        revoked_at: null,
        last_used_at: null,
      });
      expect(created.key).toMatch(/^clr_[A-Za-z0-9_-]{40,}$/);
      expect(created.key_prefix).toBe(created.key.slice(0, created.key_prefix.length));
      expect(created.key_prefix.length).toBeLessThan(created.key.length / 2);

      const listed = await api.rest<Record<string, unknown>[]>("GET", "/keys");
      expectStatus(listed, 200);
      const mine = listed.body.find((item) => item.id === created.id);
      expect(mine).toMatchObject({ name: "make.com scenario", key_prefix: created.key_prefix });
      for (const item of listed.body) {
        expect(item).not.toHaveProperty("key");
        expect(item).not.toHaveProperty("key_hash");
      }
      expect(JSON.stringify(listed.body)).not.toContain(created.key);

      // The key works, and is now marked used.
      expectStatus(await api.rest("GET", "/runs?limit=1", undefined, created.key), 200);
      const used = (await api.rest<Record<string, unknown>[]>("GET", "/keys")).body.find(
        (item) => item.id === created.id,
      );
      expect(used?.last_used_at).toEqual(expect.stringMatching(/Z$/));

      const revoked = expectStatus(
        await api.rest<Record<string, unknown>>("DELETE", `/keys/${created.id}`),
        200,
      );
      expect(revoked).toMatchObject({ id: created.id });
      expect(revoked.revoked_at).toEqual(expect.stringMatching(/Z$/));
      expect(revoked).not.toHaveProperty("key");
      expectError(
        await api.rest("GET", "/runs?limit=1", undefined, created.key),
        401,
        "UNAUTHORIZED",
      );
      expectError(
        await api.rest("POST", "/runs", { client_id: clientId }, created.key),
        401,
        "UNAUTHORIZED",
      );
      // Revoking again keeps the first revocation; the list shows it.
      expect(
        expectStatus(await api.rest<Record<string, unknown>>("DELETE", `/keys/${created.id}`), 200)
          .revoked_at,
      ).toBe(revoked.revoked_at);
      expect(
        (await api.rest<Record<string, unknown>[]>("GET", "/keys")).body.find(
          (item) => item.id === created.id,
        )?.revoked_at,
      ).toBe(revoked.revoked_at);
    });

    it("lets an admin key made through the API do admin work", async () => {
      const admin = expectStatus(
        await api.rest<CreatedKey>("POST", "/keys", { name: "ops", scopes: ["admin"] }),
        201,
      );
      expectStatus(
        await api.rest(
          "POST",
          "/clients",
          { client_id: `CLT_${uniqueToken()}`, name: "x" },
          admin.key,
        ),
        201,
      );
      expectStatus(await api.rest("GET", "/keys", undefined, admin.key), 200);
    });

    it("answers 400 for bad key requests and 404 for an unknown key id", async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ name: "x", scopes: [] }, "scopes"],
        [{ name: "x", scopes: ["superuser"] }, "scopes.0"],
        [{ name: "", scopes: ["admin"] }, "name"],
        [{ scopes: ["admin"] }, "name"],
        [{ name: "x", scopes: ["admin"], key: "clr_chosen" }, "key"],
      ];
      for (const [body, path] of cases) {
        const error = expectError(await api.rest("POST", "/keys", body), 400, "VALIDATION");
        expect(issuePaths(error), JSON.stringify(body)).toEqual([path]);
      }
      expectError(await api.rest("DELETE", `/keys/${randomUUID()}`), 404, "NOT_FOUND");
      expectError(await api.rest("DELETE", "/keys/12345"), 400, "VALIDATION");
    });
  });

  describe("error bodies (NODE_ENV=development)", () => {
    it("runs this file in development mode", () => {
      expect(process.env.NODE_ENV).toBe("development");
    });

    it("answers JSON {code, message, issues?} without stack traces, SQL or driver text", async () => {
      const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
      const responses: [string, RestResponse<unknown>][] = [
        ["401", await api.rest("GET", "/runs", undefined, null)],
        ["403", await api.rest("POST", "/clients", { client_id: "CLT_X", name: "x" }, readKey)],
        ["404 route", await api.rest("GET", "/nothing-here")],
        ["404 run", await api.rest("GET", `/runs/${freshRunId()}`)],
        ["409", await api.rest("POST", "/clients", { client_id: clientId, name: "dup" })],
        ["400 zod", await api.rest("POST", "/runs", { client_id: 42, run_id: [] })],
        ["400 db value", await api.rest("GET", "/runs?started_after=0000-01-01T00:00:00Z")],
        ["400 json", await api.rest("POST", "/runs", "{oops")],
        [
          "400 surrogate",
          await api.rest("POST", "/runs", { client_id: clientId, seed_data: { x: "\udc00" } }),
        ],
        // Hand-made cursors reach the database with values it refuses.
        [
          "cursor NUL",
          await api.rest("GET", `/runs?cursor=${cursor(["2020-01-01T00:00:00Z", "RUN_\u0000"])}`),
        ],
        [
          "cursor year",
          await api.rest("GET", `/runs?cursor=${cursor(["+100000-01-01T00:00:00Z", "RUN_X"])}`),
        ],
      ];
      for (const [label, response] of responses) {
        expect(response.status, label).toBeGreaterThanOrEqual(400);
        const body = response.body as Record<string, unknown>;
        expect(Object.keys(body).sort(), label).toEqual(
          "issues" in body ? ["code", "issues", "message"] : ["code", "message"],
        );
        expectNoInternals(JSON.stringify(body));
      }
    });

    it("keeps tRPC errors free of stacks too", async () => {
      for (const response of [
        await fetch(
          `${api.url}/trpc/runs.get?input=${encodeURIComponent(JSON.stringify({ run_id: freshRunId() }))}`,
          {
            headers: { authorization: `Bearer ${readKey}` },
          },
        ),
        await fetch(`${api.url}/trpc/runs.create`, {
          method: "POST",
          headers: { authorization: `Bearer ${writeKey}`, "content-type": "application/json" },
          body: "{broken",
        }),
        await fetch(`${api.url}/trpc/no.such.procedure`),
      ]) {
        expect(response.status).toBeGreaterThanOrEqual(400);
        const text = await response.text();
        const body = JSON.parse(text) as { error: { data: Record<string, unknown> } };
        expect(body.error.data).not.toHaveProperty("stack");
        expectNoInternals(text);
      }
    });
  });
});
