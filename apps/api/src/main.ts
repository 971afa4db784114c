/** The service's entry point: `pnpm start`. */
import { type CreateDbConfig, createDb, stepBatchCounters } from "@columnline/db";
import { ensureBootstrapAdminKey } from "./bootstrap-key";
import { loadConfig } from "./config";
import { createLogger } from "./logger";
import { startApi } from "./start-api";

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);

const stepBatching: CreateDbConfig["stepBatching"] =
  config.STEP_BATCH_IN_FLIGHT === 0
    ? false
    : { maxInFlight: config.STEP_BATCH_IN_FLIGHT, maxBatchSize: config.STEP_BATCH_SIZE };
const db = await createDb(
  config.DATABASE_URL
    ? { databaseUrl: config.DATABASE_URL, stepBatching }
    : { dataDir: config.dataDir, stepBatching },
);
await db.migrate();
await ensureBootstrapAdminKey(db, { adminApiKeyConfigured: Boolean(config.ADMIN_API_KEY) });

const api = await startApi({
  db,
  logger,
  port: config.PORT,
  host: config.HOST,
  adminApiKey: config.ADMIN_API_KEY,
  runTimeoutMs: config.RUN_TIMEOUT,
  reaperIntervalMs: config.REAPER_INTERVAL,
});
logger.info(
  {
    port: api.port,
    engine: db.engine,
    ...(db.engine === "pglite" ? { dataDir: config.dataDir } : {}),
  },
  `Columnline Runs API listening on ${api.url}`,
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down: finishing in-flight requests");
  try {
    await api.stop();
    // How well steps shared statements over this process's life (bench/results reads it).
    const { statements, steps } = stepBatchCounters(db);
    await db.close();
    logger.info({ stepStatements: statements, steps }, "stopped");
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, "unclean shutdown");
    process.exit(1);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
