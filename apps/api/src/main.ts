/** The service's entry point: `pnpm start`. */
import { type CreateDbConfig, createDb, type Database, stepBatchCounters } from "@columnline/db";
import type { Logger } from "pino";
import { ensureBootstrapAdminKey } from "./bootstrap-key";
import { loadConfig } from "./config";
import { reservePort } from "./http/reserve-port";
import { createLogger } from "./logger";
import { type RunningApi, startApi } from "./start-api";
import { loadEnvFile } from "./startup/env-file";
import { startupFailureLine } from "./startup/startup-failure";

/**
 * A start that cannot go on (port in use, data folder in use, bad settings, ...) ends with
 * one line on stderr and status 1; with the stack too only when LOG_LEVEL is debug or trace.
 */
function exitOnStartFailure(error: unknown): never {
  process.stderr.write(`columnline: ${startupFailureLine(error, process.env)}\n`);
  const verbose = ["debug", "trace"].includes(process.env.LOG_LEVEL ?? "");
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}

async function start(): Promise<{ logger: Logger; api: RunningApi; db: Database }> {
  loadEnvFile(process.env);
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  // The port first: a port in use stops the start before the database is even opened.
  const port = await reservePort(config.PORT, config.HOST);
  let db: Database | undefined;
  try {
    const stepBatching: CreateDbConfig["stepBatching"] =
      config.STEP_BATCH_IN_FLIGHT === 0
        ? false
        : { maxInFlight: config.STEP_BATCH_IN_FLIGHT, maxBatchSize: config.STEP_BATCH_SIZE };
    // On PGlite the data folder is this process's until it exits; another's is refused.
    db = await createDb(
      config.DATABASE_URL
        ? { databaseUrl: config.DATABASE_URL, stepBatching }
        : { dataDir: config.dataDir, stepBatching, servicePort: port.port },
    );
    const migrations = await db.migrate();
    await ensureBootstrapAdminKey(db, { adminApiKeyConfigured: Boolean(config.ADMIN_API_KEY) });
    const api = await startApi({
      db,
      logger,
      port,
      adminApiKey: config.ADMIN_API_KEY,
      runTimeoutMs: config.RUN_TIMEOUT,
      reaperIntervalMs: config.REAPER_INTERVAL,
      budgetEvalIntervalMs: config.BUDGET_EVAL_INTERVAL,
      analyticsFoldIntervalMs: config.ANALYTICS_FOLD_INTERVAL,
      sessionTtlMs: config.SESSION_TTL,
      dashboardOrigins: config.DASHBOARD_ORIGINS,
      dashboardDir: config.dashboardDir,
      webhooks: {
        allowPrivate: config.WEBHOOK_ALLOW_PRIVATE === "1",
        disableAfterFailures: config.WEBHOOK_DISABLE_AFTER,
        concurrency: config.WEBHOOK_CONCURRENCY,
        pollIntervalMs: config.WEBHOOK_POLL_INTERVAL,
        leaseMs: config.WEBHOOK_LEASE,
      },
    });
    logger.info(
      {
        port: api.port,
        address: api.listeningOn,
        migrationsApplied: migrations.applied,
        engine: db.engine,
        dashboardDir: config.dashboardDir,
        ...(db.engine === "pglite" ? { dataDir: config.dataDir } : {}),
      },
      `Columnline Runs API listening on ${api.listeningOn}`,
    );
    return { logger, api, db };
  } catch (error) {
    await db?.close().catch(() => {});
    await port.close();
    throw error;
  }
}

const { logger, api, db } = await start().catch(exitOnStartFailure);

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
