import { validationError } from "@columnline/domain";
import { openPglite } from "./pglite-engine";
import { openPostgres } from "./postgres-engine";
import type { Database, StepBatching } from "./types";

export interface CreateDbConfig {
  /** postgres:// or postgresql:// URL: use that server through a postgres.js pool. */
  databaseUrl?: string;
  /** Embedded PGlite data directory (default ./.data/pglite); ignored with databaseUrl. */
  dataDir?: string;
  /** Embedded PGlite in memory, gone on close; ignored with databaseUrl. */
  inMemory?: boolean;
  /**
   * The port this process serves, if any: recorded in the PGlite data folder's lock, so
   * that a second process, refused the folder, can name it.
   */
  servicePort?: number;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** Seconds to wait for a PostgreSQL connection (default 5). */
  connectTimeoutSeconds?: number;
  /**
   * Steps recorded while the database is busy share one statement (recordStep).
   * Default: 1 statement in flight, 32 steps each (the bench's best on PostgreSQL: the
   * bigger the groups, the less each step costs both processes). false: one statement per step.
   */
  stepBatching?: Partial<StepBatching> | false;
}

export const DEFAULT_PGLITE_DATA_DIR = "./.data/pglite";
export const DEFAULT_POOL_SIZE = 10;
const DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;
const DEFAULT_STEP_STATEMENTS_IN_FLIGHT = 1;
/** Each recorded step holds a subtransaction ID; PostgreSQL caches 64 per transaction. */
export const MAX_STEP_BATCH_SIZE = 32;

function positiveInteger(value: number, path: string, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw validationError(`${path} must be an integer from 1 to ${max}`, [
      { path, message: `expected an integer from 1 to ${max}` },
    ]);
  }
  return value;
}

function stepBatchingFor(
  config: CreateDbConfig["stepBatching"],
  maxInFlight: number,
): StepBatching | null {
  if (config === false) return null;
  return {
    maxInFlight: positiveInteger(
      config?.maxInFlight ?? DEFAULT_STEP_STATEMENTS_IN_FLIGHT,
      "stepBatching.maxInFlight",
      maxInFlight,
    ),
    maxBatchSize: positiveInteger(
      config?.maxBatchSize ?? MAX_STEP_BATCH_SIZE,
      "stepBatching.maxBatchSize",
      MAX_STEP_BATCH_SIZE,
    ),
  };
}

/**
 * Opens the database: PostgreSQL when a URL is given (connections open lazily;
 * call migrate() to apply migrations), otherwise embedded PGlite, which applies
 * migrations as it opens. A PGlite data folder belongs to one process at a time: another
 * process's folder is a DataDirInUseError, and nothing is written to it.
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
      // Statements beyond the pool would only queue for a connection instead of batching.
      stepBatching: stepBatchingFor(config.stepBatching, poolSize),
    });
  }
  // One embedded connection: every statement waits its turn anyway.
  return openPglite({
    dataDir: config.inMemory ? null : (config.dataDir ?? DEFAULT_PGLITE_DATA_DIR),
    stepBatching: stepBatchingFor(config.stepBatching, 8),
    servicePort: config.servicePort ?? null,
  });
}
