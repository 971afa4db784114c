import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type * as schema from "../schema";
import type { MigrationReport } from "./migration-report";

export type DbSchema = typeof schema;

/** The drizzle instance, typed with the schema; the same type for both engines. */
export type DrizzleDb = PgDatabase<PgQueryResultHKT, DbSchema>;

export type DbTransaction = PgTransaction<
  PgQueryResultHKT,
  DbSchema,
  ExtractTablesWithRelations<DbSchema>
>;

/** Anything a statement can run on: the database or an open transaction. */
export type DbExecutor = DrizzleDb | DbTransaction;

export type Engine = "postgres" | "pglite";

/**
 * How recordStep groups steps that arrive while the database is busy: at most
 * `maxInFlight` step statements at once, each carrying up to `maxBatchSize` steps.
 */
export interface StepBatching {
  maxInFlight: number;
  maxBatchSize: number;
}

/** An open database, whichever engine backs it. */
export interface Database {
  readonly db: DrizzleDb;
  readonly engine: Engine;
  /** null: every recordStep call is its own statement. */
  readonly stepBatching: StepBatching | null;
  /**
   * Applies pending migrations (serialized across processes on PostgreSQL) and says how many
   * it applied. PGlite migrates as it opens: its first migrate() reports what the open applied.
   */
  migrate(): Promise<MigrationReport>;
  /**
   * LISTENs on `channel`: `onNotify` gets each payload, `onListen` runs whenever the
   * subscription is (re)established (notifications sent while it was down are lost).
   * Resolves to an unsubscribe function.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onListen?: () => void,
  ): Promise<() => Promise<void>>;
  /** Resolves when the database answers; an UNAVAILABLE DomainError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** What repository functions accept as their first argument. */
export type DbHandle = Database | DbExecutor;

export function isDatabase(handle: DbHandle): handle is Database {
  return "engine" in handle && "ping" in handle;
}

export function executorOf(handle: DbHandle): DbExecutor {
  return isDatabase(handle) ? handle.db : handle;
}
