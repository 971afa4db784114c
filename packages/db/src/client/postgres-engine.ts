import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { toDomainError } from "../errors";
import * as schema from "../schema";
import { appliedMigrations, COMMITTED_MIGRATIONS, type MigrationReport } from "./migration-report";
import { MIGRATION_LOCK_KEY, migrationsFolder } from "./migrations-folder";
import type { Database, DbExecutor, DrizzleDb, StepBatching } from "./types";

export interface PostgresEngineOptions {
  databaseUrl: string;
  poolSize: number;
  /** Seconds to wait for a connection before failing, so a dead server is an error, not a hang. */
  connectTimeoutSeconds: number;
  stepBatching: StepBatching | null;
}

const ignoreNotice = () => {};

/** 50 ms, 100 ms, 200 ms, ... at most 500 ms, with jitter so connections do not retry in step. */
const reconnectDelaySeconds = (retries: number): number =>
  Math.min(0.05 * 2 ** retries, 0.5) * (0.5 + Math.random() / 2);

function connect(url: string, max: number, connectTimeoutSeconds: number) {
  return postgres(url, {
    max,
    connect_timeout: connectTimeoutSeconds,
    // Recycle idle and old connections so a pool survives server restarts and failovers.
    idle_timeout: 30,
    max_lifetime: 60 * 30,
    // Seconds before a failed connection is tried again. postgres.js's default grows with every
    // failure across the pool up to 20 s, and queries queued for a connection wait all that
    // time: during a database restart they hung past any client's timeout instead of failing
    // with 503, and the service came back seconds after the server did. Capped at 0.5 s.
    backoff: reconnectDelaySeconds,
    // Every session on the schema the migrations create the tables in, as the SQL functions
    // pin theirs: a same-named table, function or operator in a schema that an ALTER ROLE or
    // ALTER DATABASE ... SET search_path puts first cannot stand in for ours (drizzle's SQL
    // names tables unqualified). A startup parameter, so no such setting overrides it.
    connection: { search_path: "public, pg_temp" },
    // "schema already exists, skipping" and friends are not worth a console line.
    onnotice: ignoreNotice,
  });
}

/**
 * Applies migrations on ONE dedicated connection (max: 1, outside the app pool)
 * that holds a session advisory lock for the whole run: a second process waits
 * for the lock, then finds everything applied.
 */
export async function migratePostgres(
  url: string,
  connectTimeoutSeconds: number,
): Promise<MigrationReport> {
  const client = connect(url, 1, connectTimeoutSeconds);
  try {
    const db = drizzle({ client });
    await db.execute(sql`select pg_advisory_lock(${sql.raw(MIGRATION_LOCK_KEY)})`);
    try {
      const executor = db as unknown as DbExecutor;
      const before = await appliedMigrations(executor);
      await migrate(db, { migrationsFolder });
      const applied = (await appliedMigrations(executor)) - before;
      return { applied, total: COMMITTED_MIGRATIONS };
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${sql.raw(MIGRATION_LOCK_KEY)})`);
    }
  } catch (error) {
    throw toDomainError(error);
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * drizzle sends every statement unprepared, so PostgreSQL parses and plans each one on
 * every request: the step hot path spent most of its time there (bench/results). Named
 * prepared statements are reused per connection; the set of statement texts is small and
 * fixed (values are always parameters), so the per-connection cache stays bounded.
 */
function preparingStatements(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== "unsafe") return Reflect.get(target, property, receiver);
      return (
        query: string,
        parameters?: postgres.ParameterOrJSON<never>[],
        queryOptions?: postgres.UnsafeQueryOptions,
      ) => target.unsafe(query, parameters, { ...queryOptions, prepare: true });
    },
  });
}

export function openPostgres(options: PostgresEngineOptions): Database {
  const client = connect(options.databaseUrl, options.poolSize, options.connectTimeoutSeconds);
  const db = drizzle({ client: preparingStatements(client), schema }) as unknown as DrizzleDb;
  return {
    db,
    engine: "postgres",
    stepBatching: options.stepBatching,
    async listen(channel, onNotify, onListen) {
      // postgres.js keeps a dedicated connection for LISTEN and re-listens after it drops.
      const subscription = await client.listen(channel, onNotify, onListen);
      return () => subscription.unlisten();
    },
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
