import { mkdir } from "node:fs/promises";
import type { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { toDomainError } from "../errors";
import * as schema from "../schema";
import { migrationsFolder } from "./migrations-folder";
import { openPgliteClient } from "./pglite/open-pglite-client";
import type { Database, DrizzleDb, StepBatching } from "./types";

/** `null` opens an in-memory database; otherwise the directory is created if missing. */
export async function openPglite(
  dataDir: string | null,
  stepBatching: StepBatching | null,
): Promise<Database> {
  let client: PGlite;
  try {
    if (dataDir !== null) await mkdir(dataDir, { recursive: true });
    client = await openPgliteClient(dataDir);
  } catch (error) {
    throw toDomainError(error);
  }
  const db = drizzle({ client, schema });
  // One process owns an embedded database, so no cross-process lock is needed here.
  const runMigrations = async () => {
    try {
      await migrate(db, { migrationsFolder });
    } catch (error) {
      throw toDomainError(error);
    }
  };
  const database: Database = {
    db: db as unknown as DrizzleDb,
    engine: "pglite",
    stepBatching,
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
      if (!client.closed) await client.close();
    },
  };
  try {
    await runMigrations();
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
