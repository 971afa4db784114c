import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createTestDatabase,
  dropTestDatabase,
  testEngines,
  urlForDatabase,
} from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, newAdminKey, Service } from "./support/service";

describe.each(testEngines())("the service binary (%s)", (engine) => {
  let dataDir: string;
  let databaseName: string | null = null;
  const started: Service[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "columnline-api-"));
    if (engine === "postgres") databaseName = await createTestDatabase();
  });
  afterAll(async () => {
    for (const service of started) await service.kill();
    await rm(dataDir, { recursive: true, force: true });
    if (databaseName) await dropTestDatabase(databaseName);
  });

  /** The service as `pnpm start` runs it, with no ADMIN_API_KEY: a fresh install. */
  async function start(port: number): Promise<Service> {
    const serverUrl = process.env.DATABASE_URL;
    const service = await Service.start({
      port,
      dataDir,
      databaseUrl: databaseName && serverUrl ? urlForDatabase(serverUrl, databaseName) : undefined,
      logLevel: "info",
      nodeEnv: "development",
    });
    started.push(service);
    return service;
  }

  it("bootstraps an admin key once, serves, logs JSON lines without secrets, drains on SIGTERM and exits 0", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = await start(port);

    // The bootstrap key, printed once on stderr.
    const keys = first.stderr.match(/clr_[A-Za-z0-9_-]{20,}/g) ?? [];
    expect(keys).toHaveLength(1);
    const key = keys[0] ?? "";
    const authorization = `Bearer ${key}`;

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const secret = `confidential-${Date.now()}`;
    const created = await fetch(`${url}/api/v1/clients`, {
      method: "POST",
      headers: {
        authorization,
        "content-type": "application/json",
        "x-request-id": "binary-test-1",
      },
      body: JSON.stringify({ client_id: "CLT_BINARY", name: secret }),
    });
    expect(created.status).toBe(201);
    expect((await fetch(`${url}/readyz`, { headers: { authorization } })).status).toBe(200);
    // Development mode still answers errors without stacks.
    const missing = await fetch(`${url}/api/v1/runs/RUN_20260115_181206`, {
      headers: { authorization },
    });
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toMatch(/ {4}at |node_modules/);

    // A hand-made cursor the database cannot read fails unexpectedly: logged without the values.
    const marker = `RUN_MARKER_${Date.now()}`;
    const cursor = Buffer.from(JSON.stringify(["2020-01-01T00:00:00Z", `${marker}\u0000`]));
    const crafted = await fetch(`${url}/api/v1/runs?cursor=${cursor.toString("base64url")}`, {
      headers: { authorization },
    });
    expect(crafted.status).toBeGreaterThanOrEqual(400);

    // A request in flight when SIGTERM arrives, on a keep-alive connection: its body is only
    // half sent. The service must answer it, then close that connection and exit at once.
    const agent = new Agent({ keepAlive: true });
    const body = Buffer.from(JSON.stringify({ client_id: "CLT_INFLIGHT", name: "late" }));
    let sendRest = () => {};
    const inFlight = new Promise<number>((done, fail) => {
      const req = request(
        `${url}/api/v1/clients`,
        {
          method: "POST",
          agent,
          headers: {
            authorization,
            "content-type": "application/json",
            "content-length": body.length,
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => done(res.statusCode ?? 0));
        },
      );
      req.on("error", fail);
      req.write(body.subarray(0, 10));
      sendRest = () => req.end(body.subarray(10));
    });
    await new Promise((done) => setTimeout(done, 300));
    first.child.kill("SIGTERM");
    await new Promise((done) => setTimeout(done, 300));
    // No new connections once shutting down.
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(first.child.exitCode).toBeNull();
    sendRest();
    expect(await inFlight).toBe(201);
    const exit = await Promise.race([
      first.exited,
      new Promise((done) =>
        setTimeout(() => done("still running 5 s after its last response"), 5000),
      ),
    ]);
    expect(exit).toEqual({ code: 0, signal: null });
    agent.destroy();

    // JSON lines; each request's line has its request id; never the key nor a body.
    const lines = first.logLines();
    const requests = lines.filter((line) => line.msg === "request");
    expect(requests.length).toBeGreaterThanOrEqual(5);
    for (const line of requests) {
      expect(line.requestId).toEqual(expect.any(String));
      expect(line).toMatchObject({ method: expect.any(String), status: expect.any(Number) });
    }
    expect(requests).toContainEqual(
      expect.objectContaining({ requestId: "binary-test-1", path: "/api/v1/clients", status: 201 }),
    );
    expect(first.stdout).not.toContain(key);
    expect(first.stdout).not.toContain(key.slice(4, 20));
    expect(first.stdout).not.toContain(secret);
    expect(first.stdout).not.toContain(marker);
    expect(first.stdout).not.toMatch(/Bearer/i);
    expect(lines.some((line) => /shutting down/.test(String(line.msg)))).toBe(true);

    // Second start on the same data: no new key; the first one still works.
    const second = await start(port);
    expect(second.stderr).not.toMatch(/clr_/);
    const client = await fetch(`${url}/api/v1/clients/CLT_INFLIGHT`, {
      headers: { authorization },
    });
    expect(client.status).toBe(200);
    expect(await client.json()).toMatchObject({ client_id: "CLT_INFLIGHT", name: "late" });
    second.child.kill("SIGTERM");
    expect(await second.exited).toEqual({ code: 0, signal: null });
  }, 90_000);

  it("groups concurrent steps per STEP_BATCH_* and reports the grouping when it stops", async () => {
    const serverUrl = process.env.DATABASE_URL;
    const adminKey = newAdminKey();
    const service = await Service.start({
      port: await freePort(),
      adminKey,
      dataDir: await mkdtemp(join(dataDir, "batching-")),
      databaseUrl: databaseName && serverUrl ? urlForDatabase(serverUrl, databaseName) : undefined,
      logLevel: "info",
      env: { STEP_BATCH_IN_FLIGHT: "1", STEP_BATCH_SIZE: "8" },
    });
    started.push(service);
    const call = (method: string, path: string, body: unknown) =>
      fetch(`${service.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const clientId = `CLT_BATCH_${Date.now().toString(36).toUpperCase()}`;
    expect((await call("POST", "/clients", { client_id: clientId, name: "Batching" })).status).toBe(
      201,
    );
    const run = await call("POST", "/runs", { client_id: clientId, status: "running" });
    const { run_id: runId } = (await run.json()) as { run_id: string };
    const usage = { input_tokens: 1000, output_tokens: 500 };
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call("POST", `/runs/${runId}/steps`, { step_id: `s${i % 38}`, model: "gpt-4o", usage }),
      ),
    );
    // s0 and s1 were sent twice: one 201 and one 200 (duplicate) each.
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(38);
    expect(statuses.filter((status) => status === 200)).toHaveLength(2);
    const totals = (await (
      await fetch(`${service.url}/api/v1/runs/${runId}`, {
        headers: { authorization: `Bearer ${adminKey}` },
      })
    ).json()) as { total_tokens: number; total_cost: string };
    expect(totals).toMatchObject({ total_tokens: 38 * 1500, total_cost: "0.2850" });

    expect(await service.stop()).toEqual({ code: 0, signal: null });
    const stopped = service.logLines().find((line) => line.msg === "stopped");
    expect(stopped?.steps).toBe(40);
    // PGlite runs each statement on this thread before the next request is even read, so
    // steps rarely find it busy there; PostgreSQL answers asynchronously, and they queue.
    if (engine === "postgres") expect(Number(stopped?.stepStatements)).toBeLessThan(40);
    else expect(Number(stopped?.stepStatements)).toBeLessThanOrEqual(40);
  }, 60_000);

  it("refuses a STEP_BATCH_SIZE over 32 at start, naming the setting", async () => {
    await expect(
      Service.start({
        port: await freePort(),
        adminKey: newAdminKey(),
        dataDir: await mkdtemp(join(dataDir, "bad-batch-")),
        env: { STEP_BATCH_SIZE: "33" },
      }),
    ).rejects.toThrow(/STEP_BATCH_SIZE must be 1 to 32/);
  });
});
