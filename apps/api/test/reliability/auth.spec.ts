/**
 * 5. Auth, against the real service process and its logs (test/auth.test.ts covers the rules
 * in-process): every route but /healthz and the public OpenAPI document answers 401 without a
 * valid key; a runs:read key cannot write; a revoked key stops working on its very next
 * request, even under concurrent use; no key ever reaches a log line (stdout or stderr, at
 * LOG_LEVEL=trace); no error body carries a stack trace (NODE_ENV=development).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { API_KEY_REVOKED_CHANNEL } from "@columnline/db";
import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../../src/routers/app-router";
import { freePort, newAdminKey, Service, sleep } from "../support/service";
import { queryRows, restCall } from "./support/ledger";
import { type ScratchDatabase, scratchDatabase, withDatabase } from "./support/postgres";

interface Route {
  method: string;
  template: string;
}

interface Answer {
  status: number;
  text: string;
}

/** What an error body must never carry. */
const STACK = /\n\s*at |\bat .*\.[cm]?[jt]s:\d+|node_modules|"stack"/;

// The dashboard's session procedures are public and tRPC-only (test/session.test.ts).
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
)
  .filter(([path]) => !path.startsWith("session."))
  .map(([path, procedure]) => ({ path, type: procedure._def.type }));

describe.each(testEngines())("auth against the real service (%s)", (engine) => {
  const adminKey = newAdminKey();
  /** Every secret the service saw: none may appear in its output. */
  const secrets = new Set<string>([adminKey]);
  /** Every error body it answered, checked for stack traces at the end. */
  const errorBodies: string[] = [];
  let service: Service;
  let database: ScratchDatabase | undefined;
  let dataDir: string | undefined;
  let routes: Route[];
  const clientId = "CLT_AUTH";
  const runId = "RUN_20250701_090000";

  beforeAll(async () => {
    if (engine === "postgres") database = await scratchDatabase();
    else dataDir = await mkdtemp(join(tmpdir(), "columnline-auth-"));
    service = await Service.start({
      port: await freePort(),
      adminKey,
      databaseUrl: database?.url,
      dataDir,
      logLevel: "trace",
      nodeEnv: "development",
    });
    const document = (await (await fetch(`${service.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    // The REST routes: not the public ones the document lists too (/healthz, ...), nor
    // OPTIONS, which is a 405 for everyone and needs no key.
    routes = Object.entries(document.paths)
      .filter(([template]) => template.startsWith("/api/v1/"))
      .flatMap(([template, operations]) =>
        Object.keys(operations)
          .filter((method) => method !== "options")
          .map((method) => ({ method: method.toUpperCase(), template })),
      );
    await restCall(service.url, adminKey, "POST", "/clients", {
      client_id: clientId,
      name: "Auth",
    });
    await restCall(service.url, adminKey, "POST", "/runs", {
      client_id: clientId,
      run_id: runId,
      status: "running",
    });
  });
  afterAll(async () => {
    try {
      await service?.stop();
    } finally {
      await database?.drop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    }
  });

  const concrete = (template: string) =>
    template
      .replace("/api/v1", "")
      .replace("{client_id}", clientId)
      .replace("{run_id}", runId)
      .replace("{id}", "00000000-0000-4000-8000-000000000000")
      .replace("{model}", "openai/gpt-4o");

  /** A plausible valid body for each write route, so the key is all that can be wrong. */
  const bodies: Record<string, unknown> = {
    "POST /clients": { client_id: "CLT_AUTH_2", name: "x" },
    "PATCH /clients/{client_id}": { name: "renamed" },
    "POST /runs": { client_id: clientId, status: "running" },
    "POST /runs/{run_id}/fail": { error_message: "boom" },
    "POST /runs/{run_id}/steps": {
      step_id: "s1",
      model: "gpt-4o",
      usage: { input_tokens: 1, output_tokens: 1 },
    },
    "PUT /prices/overrides": { model: "gpt-4o", input_mtok: "1", output_mtok: "2" },
    "POST /keys": { name: "k", scopes: ["admin"] },
  };

  async function call(route: Route, headers: Record<string, string>, query = ""): Promise<Answer> {
    const path = concrete(route.template);
    const body = bodies[`${route.method} ${route.template.replace("/api/v1", "")}`];
    const response = await fetch(`${service.url}/api/v1${path}${query}`, {
      method: route.method,
      headers: {
        ...headers,
        ...(route.method === "GET" || route.method === "DELETE"
          ? {}
          : { "content-type": "application/json" }),
      },
      ...(route.method === "GET" || route.method === "DELETE"
        ? {}
        : { body: JSON.stringify(body ?? {}) }),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = { status: response.status, text: await response.text() };
    if (answer.status >= 400) errorBodies.push(answer.text);
    return answer;
  }

  async function trpc(path: string, type: string, key: string | null): Promise<Answer> {
    const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
    const response =
      type === "query"
        ? await fetch(
            `${service.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ run_id: runId }))}`,
            {
              headers,
            },
          )
        : await fetch(`${service.url}/trpc/${path}`, {
            method: "POST",
            headers: { ...headers, "content-type": "application/json" },
            body: JSON.stringify({ run_id: runId }),
          });
    const answer = { status: response.status, text: await response.text() };
    if (answer.status >= 400) errorBodies.push(answer.text);
    return answer;
  }

  async function newKey(scopes: string[]): Promise<{ id: string; key: string }> {
    const created = await restCall<{ id: string; key: string }>(
      service.url,
      adminKey,
      "POST",
      "/keys",
      {
        name: `auth ${scopes.join(" ")}`,
        scopes,
      },
    );
    secrets.add(created.key);
    return created;
  }

  it("answers 401 without a valid key on every route but /healthz and /api/openapi.json, REST and tRPC", async () => {
    expect(routes.length).toBeGreaterThanOrEqual(22);
    // The two public routes: liveness, and the API's description (no data in it).
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${service.url}/api/openapi.json`)).status).toBe(200);

    const unknownKey = `clr_${randomBytes(32).toString("base64url")}`;
    secrets.add(unknownKey);
    const attempts: [string, Record<string, string>, string][] = [
      ["no key", {}, ""],
      ["unknown key", { authorization: `Bearer ${unknownKey}` }, ""],
      ["admin key, wrong scheme", { authorization: `Token ${adminKey}` }, ""],
      [
        "admin key as Basic",
        { authorization: `Basic ${Buffer.from(`x:${adminKey}`).toString("base64")}` },
        "",
      ],
      ["admin key in x-api-key", { "x-api-key": adminKey }, ""],
      ["admin key in the query", {}, `?api_key=${adminKey}&key=${adminKey}`],
      ["admin key in a cookie", { cookie: `key=${adminKey}` }, ""],
      ["empty bearer", { authorization: "Bearer " }, ""],
    ];
    let checked = 0;
    for (const route of routes) {
      for (const [label, headers, query] of attempts) {
        const answer = await call(route, headers, query);
        expect(answer.status, `${route.method} ${route.template}: ${label}`).toBe(401);
        expect(JSON.parse(answer.text)).toMatchObject({ code: "UNAUTHORIZED" });
        checked += 1;
      }
    }
    const readyz = await fetch(`${service.url}/readyz`);
    expect(readyz.status).toBe(401);
    for (const { path, type } of procedures) {
      for (const key of [null, unknownKey]) {
        expect((await trpc(path, type, key)).status, `tRPC ${path}`).toBe(401);
        checked += 1;
      }
    }
    console.log(
      `[auth, ${engine}] ${checked} requests without a valid key on ${routes.length} REST routes, /readyz and ${procedures.length} tRPC procedures: all 401`,
    );
  });

  it("lets a runs:read key read and refuses every write with 403, writing nothing", async () => {
    const { key } = await newKey(["runs:read"]);
    const before = await Promise.all([
      restCall(service.url, adminKey, "GET", `/runs/${runId}`),
      restCall(service.url, adminKey, "GET", `/runs/${runId}/steps`),
      restCall(service.url, adminKey, "GET", `/clients/${clientId}`),
      restCall(service.url, adminKey, "GET", "/keys"),
      restCall(service.url, adminKey, "GET", "/prices/overrides"),
      restCall(service.url, adminKey, "GET", "/runs?limit=200"),
    ]);
    const writes = routes.filter((route) => route.method !== "GET");
    expect(writes.length).toBeGreaterThanOrEqual(11);
    for (const route of writes) {
      const answer = await call(route, { authorization: `Bearer ${key}` });
      expect(answer.status, `${route.method} ${route.template}`).toBe(403);
      expect(JSON.parse(answer.text)).toMatchObject({ code: "FORBIDDEN" });
    }
    for (const { path, type } of procedures.filter((procedure) => procedure.type === "mutation")) {
      expect((await trpc(path, type, key)).status, `tRPC ${path}`).toBe(403);
    }
    // Reads work (admin-only reads excepted).
    for (const route of routes.filter((route) => route.method === "GET")) {
      // The price lookup names its model in the query.
      // The dashboard's series (issue 14) need a range.
      const range = /analytics\/(cost-series|spend-by-client|runs-by-status)$/.test(route.template);
      const query =
        route.template === "/api/v1/prices"
          ? "?model=openai/gpt-4o"
          : range
            ? "?from=2026-01-01&to=2026-02-01"
            : "";
      const answer = await call(route, { authorization: `Bearer ${key}` }, query);
      // No budget is set here: reading one (runs:read may) finds none.
      const budget = route.template.endsWith("/budget");
      const adminOnly =
        !budget && /\/(clients|keys|prices\/overrides|webhooks)/.test(route.template);
      expect(answer.status, `${route.method} ${route.template}`).toBe(
        budget ? 404 : adminOnly ? 403 : 200,
      );
    }
    const after = await Promise.all([
      restCall(service.url, adminKey, "GET", `/runs/${runId}`),
      restCall(service.url, adminKey, "GET", `/runs/${runId}/steps`),
      restCall(service.url, adminKey, "GET", `/clients/${clientId}`),
      restCall(service.url, adminKey, "GET", "/keys"),
      restCall(service.url, adminKey, "GET", "/prices/overrides"),
      restCall(service.url, adminKey, "GET", "/runs?limit=200"),
    ]);
    // last_used_at of the read key moved; nothing else did.
    const withoutUse = (keys: unknown) =>
      (keys as Record<string, unknown>[]).map(({ last_used_at: _used, ...rest }) => rest);
    expect(withoutUse(after[3])).toEqual(withoutUse(before[3]));
    expect([after[0], after[1], after[2], after[4], after[5]]).toEqual([
      before[0],
      before[1],
      before[2],
      before[4],
      before[5],
    ]);
  });

  it("stops a revoked key on its very next request, while it is in concurrent use", async () => {
    const { id, key } = await newKey(["runs:read", "runs:write"]);
    let revokedAt = Number.POSITIVE_INFINITY;
    let stop = false;
    const results: { sentAt: number; status: number }[] = [];
    let step = 0;
    const worker = async (index: number) => {
      while (!stop) {
        const sentAt = performance.now();
        let status: number;
        if (index % 3 === 0) {
          status = (
            await fetch(`${service.url}/api/v1/runs/${runId}`, {
              headers: { authorization: `Bearer ${key}` },
            })
          ).status;
        } else if (index % 3 === 1) {
          step += 1;
          status = (
            await fetch(`${service.url}/api/v1/runs/${runId}/steps`, {
              method: "POST",
              headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
              body: JSON.stringify({
                step_id: `revoke-${step}`,
                usage: { input_tokens: 1, output_tokens: 0 },
              }),
            })
          ).status;
        } else {
          status = (await trpc("runs.get", "query", key)).status;
        }
        results.push({ sentAt, status });
      }
    };
    const workers = Array.from({ length: 9 }, (_, index) => worker(index));
    await sleep(400);
    await restCall(service.url, adminKey, "DELETE", `/keys/${id}`);
    revokedAt = performance.now();
    await sleep(400);
    stop = true;
    await Promise.all(workers);

    const before = results.filter((result) => result.sentAt < revokedAt);
    const after = results.filter((result) => result.sentAt >= revokedAt);
    console.log(
      `[auth, ${engine}] revocation under load: ${before.length} requests before the DELETE answered, ${after.length} after (all 401)`,
    );
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((result) => result.status !== 401)).toEqual([]);
    // Before, the key worked (requests in flight during the revocation may go either way).
    expect(
      before.filter((result) => result.status === 200 || result.status === 201).length,
    ).toBeGreaterThan(0);
    expect(before.filter((result) => ![200, 201, 401].includes(result.status))).toEqual([]);
  });

  if (engine === "postgres")
    it("stops a key revoked by another instance while this one was looking it up", async () => {
      if (!database) throw new Error("no database");
      const { id, key } = await newKey(["runs:read"]);
      const read = () =>
        fetch(`${service.url}/api/v1/runs/${runId}`, {
          headers: { authorization: `Bearer ${key}` },
          signal: AbortSignal.timeout(10_000),
        }).then((response) => response.status);
      let inFlight: Promise<number> | undefined;
      await withDatabase(database.url, async (db) => {
        // Another instance revokes the key (UPDATE + NOTIFY, as revokeApiKey does) while this
        // one's first lookup of it waits: the row is locked until the revocation commits.
        await db.db.transaction(async (tx) => {
          await tx.execute(`SELECT id FROM v2_api_keys WHERE id = '${id}' FOR UPDATE`);
          inFlight = read();
          const deadline = Date.now() + 5_000;
          for (;;) {
            const [row] = await queryRows(
              db,
              `SELECT count(*)::int AS waiting FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            );
            if (Number(row?.waiting) > 0) break;
            if (Date.now() > deadline) throw new Error("the lookup never waited for the lock");
            await sleep(10);
          }
          await tx.execute(`UPDATE v2_api_keys SET revoked_at = now() WHERE id = '${id}'`);
          await tx.execute(`SELECT pg_notify('${API_KEY_REVOKED_CHANNEL}', '${id}')`);
        });
      });
      // The request already in flight may go either way; every later one is refused.
      expect([200, 401]).toContain(await inFlight);
      await sleep(100); // the notification's way to this instance
      const later = [];
      for (let index = 0; index < 5; index++) later.push(await read());
      expect(later).toEqual([401, 401, 401, 401, 401]);
    });

  it("never answers with a stack trace (NODE_ENV=development)", async () => {
    const url = service.url;
    const admin = { authorization: `Bearer ${adminKey}` };
    const json = { ...admin, "content-type": "application/json" };
    const extra: Response[] = await Promise.all([
      fetch(`${url}/api/v1/runs`, { method: "POST", headers: json, body: "{oops" }),
      fetch(`${url}/api/v1/runs`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ client_id: 7 }),
      }),
      fetch(`${url}/api/v1/runs/RUN_20990101_000000`, { headers: admin }),
      fetch(`${url}/api/v1/runs/${runId}`, { method: "PUT", headers: admin }),
      fetch(`${url}/api/v1/clients`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ client_id: clientId, name: "dup" }),
      }),
      fetch(`${url}/api/v1/clients`, {
        method: "POST",
        headers: json,
        body: `{"name":"${"x".repeat(1_100_000)}"}`,
      }),
      fetch(
        `${url}/api/v1/runs?cursor=${Buffer.from('["2020-01-01T00:00:00Z","RUN_\\u0000"]').toString("base64url")}`,
        { headers: admin },
      ),
      fetch(`${url}/trpc/runs.create`, { method: "POST", headers: json, body: "{broken" }),
      fetch(`${url}/trpc/no.such.procedure`, { headers: admin }),
      fetch(`${url}/nothing-here`),
    ]);
    for (const response of extra) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      errorBodies.push(await response.text());
    }
    expect(errorBodies.length).toBeGreaterThan(100);
    for (const body of errorBodies) {
      expect(body).not.toMatch(STACK);
      expect(body.length).toBeLessThan(2_000);
    }
    console.log(`[auth, ${engine}] ${errorBodies.length} error bodies, none with a stack trace`);
  });

  it("writes no key to any log line (stdout and stderr at LOG_LEVEL=trace)", async () => {
    // The service is still running: read everything it wrote so far (it flushes every 200 ms).
    await sleep(500);
    const output = service.output;
    const lines = service.logLines();
    expect(lines.length).toBeGreaterThan(100);
    const requests = lines.filter((line) => line.msg === "request");
    expect(requests.length).toBeGreaterThan(100);
    for (const line of requests) expect(line.requestId).toEqual(expect.any(String));
    for (const secret of secrets) {
      expect(output).not.toContain(secret);
      // Nor a recognizable part of it (a key's prefix shown in lists is 12 characters).
      expect(output).not.toContain(secret.slice(-24));
    }
    expect(output).not.toMatch(/Bearer|x-api-key|api_key=/i);
    console.log(
      `[auth, ${engine}] ${lines.length} log lines, ${secrets.size} keys looked for: none found`,
    );
  });
});
