import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { toDomainError } from "../errors";
import * as schema from "../schema";
import { MIGRATION_LOCK_KEY, migrationsFolder } from "./migrations-folder";
import type { Database, DrizzleDb } from "./types";

export interface PostgresEngineOptions {
  databaseUrl: string;
  poolSize: number;
  /** Seconds to wait for a connection before failing, so a dead server is an error, not a hang. */
  connectTimeoutSeconds: number;
}

const ignoreNotice = () => {};

function connect(url: string, max: number, connectTimeoutSeconds: number) {
  return postgres(url, {
    max,
    connect_timeout: connectTimeoutSeconds,
    // Recycle idle and old connections so a pool survives server restarts and failovers.
    idle_timeout: 30,
    max_lifetime: 60 * 30,
    // "schema already exists, skipping" and friends are not worth a console line.
    onnotice: ignoreNotice,
  });
}

/**
 * Applies migrations on ONE dedicated connection (max: 1, outside the app pool)
 * that holds a session advisory lock for the whole run: a second process waits
 * for the lock, then finds everything applied.
 */
export async function migratePostgres(url: string, connectTimeoutSeconds: number): Promise<void> {
  const client = connect(url, 1, connectTimeoutSeconds);
  try {
    const db = drizzle({ client });
    await db.execute(sql`select pg_advisory_lock(${sql.raw(MIGRATION_LOCK_KEY)})`);
    try {
      await migrate(db, { migrationsFolder });
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${sql.raw(MIGRATION_LOCK_KEY)})`);
    }
  } catch (error) {
    throw toDomainError(error);
  } finally {
    await client.end({ timeout: 5 });
  }
}

export function openPostgres(options: PostgresEngineOptions): Database {
  const client = connect(options.databaseUrl, options.poolSize, options.connectTimeoutSeconds);
  const db = drizzle({ client, schema }) as unknown as DrizzleDb;
  return {
    db,
    engine: "postgres",
    migrate: () => migratePostgres(options.databaseUrl, options.connectTimeoutSeconds),
    async ping() {
      try {
        await client`select 1`;
      } catch (error) {
        throw toDomainError(error);
      }
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}
