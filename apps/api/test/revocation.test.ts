import { createDb, type Database } from "@columnline/db";
import { openTestDb, type TestDb, testEngines } from "@columnline/db/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApi, startApi } from "../src/start-api";
import { ADMIN_KEY } from "./harness";

async function start(db: Database): Promise<RunningApi> {
  return startApi({
    db,
    logger: pino({ level: "silent" }),
    port: 0,
    host: "127.0.0.1",
    adminApiKey: ADMIN_KEY,
    runTimeoutMs: 3_600_000,
    reaperIntervalMs: 3_600_000,
  });
}

const call = (api: RunningApi, path: string, key: string, method = "GET") =>
  fetch(`${api.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${key}` } });

// Keys are cached per instance for speed; revocation must still win at once, everywhere.
describe.each(testEngines())("revoking a cached key across instances (%s)", (engine) => {
  let db: TestDb;
  let secondDb: Database;
  let first: RunningApi;
  let second: RunningApi;

  beforeAll(async () => {
    db = await openTestDb(engine);
    // Two instances as in production: on PostgreSQL each has its own pool and listener.
    secondDb = db.databaseUrl ? await createDb({ databaseUrl: db.databaseUrl, poolSize: 2 }) : db;
    first = await start(db);
    second = await start(secondDb);
  });

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    if (secondDb && secondDb !== db) await secondDb.close();
    await db?.close();
  });

  it("refuses a revoked key on the next request to either instance", async () => {
    const response = await fetch(`${first.url}/api/v1/keys`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "cached reader", scopes: ["runs:read"] }),
    });
    const { key, id } = (await response.json()) as { key: string; id: string };

    // Both instances now hold the key in their caches.
    expect((await call(first, "/runs?limit=1", key)).status).toBe(200);
    expect((await call(second, "/runs?limit=1", key)).status).toBe(200);

    expect((await call(first, `/keys/${id}`, ADMIN_KEY, "DELETE")).status).toBe(200);
    expect((await call(first, "/runs?limit=1", key)).status).toBe(401);
    // The other instance hears of it through NOTIFY, within moments.
    let status = 0;
    for (let attempt = 0; attempt < 50; attempt++) {
      status = (await call(second, "/runs?limit=1", key)).status;
      if (status === 401) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe(401);
  });
});
