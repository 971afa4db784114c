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
import { freePort, Service } from "./support/service";

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
});
