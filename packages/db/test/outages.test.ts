/**
 * Connect-time refusals are outages (UNAVAILABLE, the API's 503), never unexpected errors:
 * a database that does not exist, a role that may not log in, too many connections, nothing
 * listening. The same Database object recovers by itself once the cause is gone.
 */
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Database, getClient, outageCause } from "../src/index";
import { createTestDatabase, dropTestDatabase, urlForDatabase } from "../src/testing";

const serverUrl = process.env.DATABASE_URL;

/** What a failing call throws: its domain code and the operator's one-line cause. */
async function failure(call: () => Promise<unknown>): Promise<{ code: string; cause: string }> {
  try {
    await call();
  } catch (error) {
    return { code: (error as { code: string }).code, cause: outageCause(error) };
  }
  throw new Error("expected the call to fail");
}

async function admin<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(serverUrl ?? "", { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const openDatabases: Database[] = [];
async function open(url: string): Promise<Database> {
  const database = await createDb({ databaseUrl: url, poolSize: 2, connectTimeoutSeconds: 2 });
  openDatabases.push(database);
  return database;
}

describe("outage causes without a server", () => {
  it("nothing listening is UNAVAILABLE, naming ECONNREFUSED and the address", async () => {
    const database = await open("postgres://postgres@127.0.0.1:1/ledger");
    const seen = await failure(() => database.ping());
    expect(seen.code).toBe("UNAVAILABLE");
    expect(seen.cause).toMatch(/ECONNREFUSED/);
    expect(seen.cause).toMatch(/127\.0\.0\.1:1/);
  });
});

describe.skipIf(!serverUrl)("outage causes on PostgreSQL", () => {
  const role = `cl_test_role_${randomBytes(4).toString("hex")}`;
  let databaseName = "";
  let roleUrl = "";

  beforeAll(async () => {
    databaseName = await createTestDatabase();
    await admin((sql) => sql.unsafe(`CREATE ROLE "${role}" LOGIN`));
    const url = new URL(urlForDatabase(serverUrl ?? "", databaseName));
    url.username = role;
    roleUrl = url.toString();
  });
  afterAll(async () => {
    await Promise.all(openDatabases.map((database) => database.close()));
    await dropTestDatabase(databaseName);
    await admin((sql) => sql.unsafe(`DROP ROLE IF EXISTS "${role}"`));
  });

  it("a missing database (3D000) is UNAVAILABLE and recovers once it exists", async () => {
    const name = `cl_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
    const database = await open(urlForDatabase(serverUrl ?? "", name));
    try {
      const seen = await failure(() => getClient(database, "CLT_ANY"));
      expect(seen).toEqual({
        code: "UNAVAILABLE",
        cause: `database "${name}" does not exist (SQLSTATE 3D000)`,
      });
      await admin((sql) => sql.unsafe(`CREATE DATABASE "${name}"`));
      // No restart: the same pool connects once the database is there.
      await expect(database.ping()).resolves.toBeUndefined();
    } finally {
      await database.close();
      await dropTestDatabase(name);
    }
  });

  it("a role that may not log in (28000) is UNAVAILABLE and recovers when allowed", async () => {
    await admin((sql) => sql.unsafe(`ALTER ROLE "${role}" NOLOGIN`));
    const database = await open(roleUrl);
    try {
      const seen = await failure(() => database.ping());
      expect(seen.code).toBe("UNAVAILABLE");
      expect(seen.cause).toMatch(/not permitted to log in \(SQLSTATE 28000\)/);
    } finally {
      await admin((sql) => sql.unsafe(`ALTER ROLE "${role}" LOGIN`));
    }
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it("too many connections (53300) is UNAVAILABLE and recovers when a slot frees", async () => {
    await admin((sql) => sql.unsafe(`ALTER ROLE "${role}" CONNECTION LIMIT 0`));
    const database = await open(roleUrl);
    try {
      const seen = await failure(() => database.ping());
      expect(seen.code).toBe("UNAVAILABLE");
      expect(seen.cause).toMatch(/too many connections .*\(SQLSTATE 53300\)/);
    } finally {
      await admin((sql) => sql.unsafe(`ALTER ROLE "${role}" CONNECTION LIMIT -1`));
    }
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it("queries cut by a dropped database fail, and so does every later one, while it is gone", async () => {
    const name = await createTestDatabase();
    const database = await open(urlForDatabase(serverUrl ?? "", name));
    try {
      // Both pool connections busy, so DROP ... WITH (FORCE) terminates them mid-query (57P01).
      const inFlight = [1, 2].map(() =>
        failure(() => database.db.execute(sql`select pg_sleep(30)`)),
      );
      await sleep(300);
      await admin((admin) => admin.unsafe(`DROP DATABASE "${name}" WITH (FORCE)`));
      for (const seen of await Promise.all(inFlight))
        expect(seen.cause).toMatch(/57P01|CONNECTION_CLOSED/);
      // postgres.js 3.4.9 (unpatched) kept the cut query on the connection, took the next
      // startup error for it and reconnected in a loop: these waited until the database
      // came back. A hang detector, not a timing target: the database is never recreated.
      for (let attempt = 0; attempt < 4; attempt++) {
        const seen = await Promise.race([failure(() => database.ping()), sleep(20_000)]);
        expect(seen).toMatchObject({ code: "UNAVAILABLE", cause: expect.stringMatching(/3D000/) });
      }
    } finally {
      await database.close();
      await dropTestDatabase(name);
    }
  });

  it("a database dropped under an open pool is UNAVAILABLE, then back once recreated", async () => {
    const name = await createTestDatabase();
    const database = await open(urlForDatabase(serverUrl ?? "", name));
    try {
      await database.migrate();
      await expect(database.ping()).resolves.toBeUndefined();
      await admin((sql) => sql.unsafe(`DROP DATABASE "${name}" WITH (FORCE)`));
      // The pool's connections were terminated (57P01), new ones find no database (3D000).
      for (let attempt = 0; attempt < 3; attempt++) {
        expect((await failure(() => database.ping())).code).toBe("UNAVAILABLE");
      }
      expect((await failure(() => getClient(database, "CLT_ANY"))).cause).toMatch(/3D000/);
      await admin((sql) => sql.unsafe(`CREATE DATABASE "${name}"`));
      await expect(database.ping()).resolves.toBeUndefined();
    } finally {
      await database.close();
      await dropTestDatabase(name);
    }
  });
});
