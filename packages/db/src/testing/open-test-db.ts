import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { type CreateDbConfig, createDb } from "../client/create-db";
import type { Database, Engine } from "../client/types";

/** The engines a suite should run on: PGlite always, PostgreSQL when DATABASE_URL is set. */
export function testEngines(): Engine[] {
  return process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export interface TestDb extends Database {
  /** The database's own URL (PostgreSQL only), e.g. for a second connection or process. */
  readonly databaseUrl: string | null;
}

function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: the postgres test engine needs a server");
  return url;
}

/** The server URL pointed at another database on the same server. */
export function urlForDatabase(baseUrl: string, databaseName: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

async function withAdminConnection<T>(run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(serverUrl(), { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Creates an empty, uniquely named database (cl_test_<timestamp>_<random>) and returns its name. */
export async function createTestDatabase(): Promise<string> {
  const name = `cl_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  await withAdminConnection((sql) => sql.unsafe(`CREATE DATABASE "${name}"`));
  return name;
}

export async function dropTestDatabase(name: string): Promise<void> {
  if (!/^cl_test_\d+_[0-9a-f]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
  await withAdminConnection((sql) => sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * A fresh, migrated database: PGlite in memory, or on PostgreSQL a new database
 * on the DATABASE_URL server that close() drops. Open one per test file.
 */
export async function openTestDb(
  engine: Engine,
  options: Pick<CreateDbConfig, "stepBatching"> = {},
): Promise<TestDb> {
  if (engine === "pglite") {
    const database = await createDb({ inMemory: true, ...options });
    return { ...database, databaseUrl: null };
  }
  const name = await createTestDatabase();
  const databaseUrl = urlForDatabase(serverUrl(), name);
  try {
    // A small pool: many suites share one server (max_connections 100) during CI.
    const database = await createDb({ databaseUrl, poolSize: 5, ...options });
    await database.migrate();
    return {
      ...database,
      databaseUrl,
      async close() {
        try {
          await database.close();
        } finally {
          await dropTestDatabase(name);
        }
      },
    };
  } catch (error) {
    await dropTestDatabase(name);
    throw error;
  }
}
