import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { queryRows } from "../internal/rows";
import { migrationsFolder } from "./migrations-folder";
import type { DbExecutor } from "./types";

/** What a migrate() call did: how many migrations it applied, of how many committed. */
export interface MigrationReport {
  applied: number;
  total: number;
}

/** The committed migrations, from drizzle-kit's journal. */
export const COMMITTED_MIGRATIONS: number = (
  JSON.parse(readFileSync(join(migrationsFolder, "meta/_journal.json"), "utf8")) as {
    entries: unknown[];
  }
).entries.length;

/** How many migrations drizzle has recorded in this database (0 before the first). */
export async function appliedMigrations(executor: DbExecutor): Promise<number> {
  // Two statements: a query naming a missing table fails at parse time, whatever its CASE.
  const [table] = await queryRows(
    executor,
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (table?.present !== true) return 0;
  const [row] = await queryRows(
    executor,
    sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
  );
  return Number(row?.n ?? 0);
}
