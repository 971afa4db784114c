import { validationError } from "@columnline/domain";
import { openPglite } from "./pglite-engine";
import { openPostgres } from "./postgres-engine";
import type { Database } from "./types";

export interface CreateDbConfig {
  /** postgres:// or postgresql:// URL: use that server through a postgres.js pool. */
  databaseUrl?: string;
  /** Embedded PGlite data directory (default ./.data/pglite); ignored with databaseUrl. */
  dataDir?: string;
  /** Embedded PGlite in memory, gone on close; ignored with databaseUrl. */
  inMemory?: boolean;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** Seconds to wait for a PostgreSQL connection (default 5). */
  connectTimeoutSeconds?: number;
}

export const DEFAULT_PGLITE_DATA_DIR = "./.data/pglite";
const DEFAULT_POOL_SIZE = 10;
const DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;

/**
 * Opens the database: PostgreSQL when a URL is given (connections open lazily;
 * call migrate() to apply migrations), otherwise embedded PGlite, which applies
 * migrations as it opens.
 */
export async function createDb(config: CreateDbConfig = {}): Promise<Database> {
  const url = config.databaseUrl?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw validationError("databaseUrl must be a postgres:// or postgresql:// URL", [
        { path: "databaseUrl", message: "expected a postgres:// or postgresql:// URL" },
      ]);
    }
    const poolSize = config.poolSize ?? DEFAULT_POOL_SIZE;
    if (!Number.isInteger(poolSize) || poolSize < 1) {
      throw validationError("poolSize must be a positive integer", [
        { path: "poolSize", message: "expected a positive integer" },
      ]);
    }
    return openPostgres({
      databaseUrl: url,
      poolSize,
      connectTimeoutSeconds: config.connectTimeoutSeconds ?? DEFAULT_CONNECT_TIMEOUT_SECONDS,
    });
  }
  return openPglite(config.inMemory ? null : (config.dataDir ?? DEFAULT_PGLITE_DATA_DIR));
}
