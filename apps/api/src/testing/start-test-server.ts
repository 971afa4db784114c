import { randomBytes } from "node:crypto";
import type { Engine } from "@columnline/db";
import { openTestDb, type TestDb } from "@columnline/db/testing";
import { pino } from "pino";
import { type RunningApi, startApi } from "../start-api";
import type { WebhookSettings } from "../webhooks/webhook-settings";

export interface TestServer {
  url: string;
  api: RunningApi;
  db: TestDb;
  adminKey: string;
  /** Closes (on PostgreSQL: drops) the database under the running server, to test outages. */
  closeDatabase(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real API on a free port over a fresh database of `engine` (PGlite in memory, or a
 * new PostgreSQL database dropped at close), with a random ADMIN_API_KEY. For test suites
 * of this and other packages: one per test file and engine.
 */
export async function startTestServer(
  engine: Engine,
  options: {
    now?: () => Date;
    adminApiKey?: string;
    sessionTtlMs?: number;
    dashboardOrigins?: readonly string[];
    dashboardDir?: string;
    /** Defaults: no DNS (a test server never reaches a host by name unless given a resolver). */
    webhooks?: Partial<WebhookSettings>;
  } = {},
): Promise<TestServer> {
  const db = await openTestDb(engine);
  const adminKey = options.adminApiKey ?? `test-admin-${randomBytes(12).toString("hex")}`;
  let dbClosed: Promise<void> | null = null;
  const closeDatabase = () => {
    dbClosed ??= db.close();
    return dbClosed;
  };
  try {
    const api = await startApi({
      db,
      logger: pino({ level: "silent" }),
      port: 0,
      host: "127.0.0.1",
      adminApiKey: adminKey,
      runTimeoutMs: 6 * 3_600_000,
      reaperIntervalMs: 3_600_000,
      ...(options.now ? { now: options.now } : {}),
      ...(options.sessionTtlMs ? { sessionTtlMs: options.sessionTtlMs } : {}),
      ...(options.dashboardOrigins ? { dashboardOrigins: options.dashboardOrigins } : {}),
      ...(options.dashboardDir ? { dashboardDir: options.dashboardDir } : {}),
      webhooks: {
        resolve: async (name) => {
          throw new Error(`test server: no DNS for ${name}`);
        },
        ...options.webhooks,
      },
    });
    return {
      url: api.url,
      api,
      db,
      adminKey,
      closeDatabase,
      async close() {
        try {
          await api.stop();
        } finally {
          await closeDatabase();
        }
      },
    };
  } catch (error) {
    await closeDatabase();
    throw error;
  }
}
