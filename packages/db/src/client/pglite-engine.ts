import type { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { toDomainError } from "../errors";
import * as schema from "../schema";
import { type DataDirLock, lockDataDir } from "./data-dir-lock";
import { appliedMigrations, COMMITTED_MIGRATIONS, type MigrationReport } from "./migration-report";
import { migrationsFolder } from "./migrations-folder";
import { openPgliteClient } from "./pglite/open-pglite-client";
import type { Database, DbExecutor, DrizzleDb, StepBatching } from "./types";

export interface PgliteEngineOptions {
  /** null: in memory. Otherwise the folder, created if missing and locked while open. */
  dataDir: string | null;
  stepBatching: StepBatching | null;
  /** The port this process serves, recorded in the folder's lock. */
  servicePort: number | null;
}

/**
 * Opens embedded PGlite. A folder is locked before PGlite touches it (a DataDirInUseError
 * if another process has it) and released on close, so migrations need no lock of their own.
 */
export async function openPglite(options: PgliteEngineOptions): Promise<Database> {
  const { dataDir } = options;
  let lock: DataDirLock | null = null;
  let client: PGlite;
  try {
    if (dataDir !== null) lock = await lockDataDir(dataDir, { port: options.servicePort });
    client = await openPgliteClient(dataDir);
  } catch (error) {
    await lock?.release();
    throw toDomainError(error);
  }
  const db = drizzle({ client, schema });
  // What the migrations at open applied, reported by the first migrate() call.
  let appliedAtOpen = 0;
  const runMigrations = async (): Promise<MigrationReport> => {
    try {
      const executor = db as unknown as DbExecutor;
      const before = await appliedMigrations(executor);
      await migrate(db, { migrationsFolder });
      const applied = (await appliedMigrations(executor)) - before + appliedAtOpen;
      appliedAtOpen = 0;
      return { applied, total: COMMITTED_MIGRATIONS };
    } catch (error) {
      throw toDomainError(error);
    }
  };
  const database: Database = {
    db: db as unknown as DrizzleDb,
    engine: "pglite",
    stepBatching: options.stepBatching,
    migrate: runMigrations,
    async listen(channel, onNotify, onListen) {
      const unsubscribe = await client.listen(channel, onNotify);
      onListen?.();
      return unsubscribe;
    },
    async ping() {
      try {
        await client.query("select 1");
      } catch (error) {
        throw toDomainError(error);
      }
    },
    async close() {
      try {
        if (!client.closed) await client.close();
      } finally {
        await lock?.release();
      }
    },
  };
  try {
    appliedAtOpen = (await runMigrations()).applied;
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
