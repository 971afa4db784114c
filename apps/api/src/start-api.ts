import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "@columnline/db";
import type { Logger } from "pino";
import { startAnalyticsFolder } from "./analytics-folder";
import { createAuthenticator } from "./auth/authenticator";
import { createSessionService } from "./auth/sessions";
import {
  DEFAULT_BUDGET_EVAL_DEBOUNCE_MS,
  DEFAULT_BUDGET_EVAL_INTERVAL_MS,
  startBudgetEvaluator,
} from "./budgets/budget-evaluator";
import { DEFAULT_DASHBOARD_DIR } from "./http/dashboard/dashboard-dir";
import type { ReservedPort } from "./http/reserve-port";
import { createApiServer } from "./http/server";
import { startReaper } from "./reaper";
import type { ApiServices } from "./services";
import { type DeliveryWorker, startDeliveryWorker } from "./webhooks/delivery-worker";
import { type WebhookSettings, webhookSettings } from "./webhooks/webhook-settings";

export interface StartApiOptions {
  db: Database;
  logger: Logger;
  /** A port to listen on (0: any free one), or one reserved before the database opened. */
  port: number | ReservedPort;
  /** Where to listen on a port number (default 0.0.0.0). */
  host?: string;
  adminApiKey?: string | undefined;
  runTimeoutMs: number;
  reaperIntervalMs: number;
  /** How often every budget is re-evaluated (BUDGET_EVAL_INTERVAL; default 10 s). */
  budgetEvalIntervalMs?: number;
  /** How often new steps are folded into the analytics rollups (ANALYTICS_FOLD_INTERVAL; default 2 s). */
  analyticsFoldIntervalMs?: number;
  /** A dashboard session's absolute lifetime (SESSION_TTL; default 12 h). */
  sessionTtlMs?: number;
  /** Origins besides the server's own allowed to send the dashboard's writes (DASHBOARD_ORIGINS). */
  dashboardOrigins?: readonly string[];
  /** The built dashboard served at / (DASHBOARD_DIR; default apps/dashboard/dist). */
  dashboardDir?: string;
  now?: () => Date;
  /** Webhook delivery (WEBHOOK_* settings); tests shorten the retry schedule and timeouts. */
  webhooks?: Partial<WebhookSettings>;
}

export const DEFAULT_SESSION_TTL_MS = 12 * 3_600_000;
export const DEFAULT_ANALYTICS_FOLD_INTERVAL_MS = 2_000;

export interface RunningApi {
  /** Where this process reaches the service (loopback). */
  url: string;
  /** The address really bound, e.g. http://0.0.0.0:3000 with HOST=0.0.0.0. */
  listeningOn: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish, stops the reaper and the analytics fold; the database stays open. */
  stop(): Promise<void>;
  reaper: ReturnType<typeof startReaper>;
  budgetEvaluator: ReturnType<typeof startBudgetEvaluator>;
  /** The webhook delivery worker (stopped by stop()). */
  webhooks: DeliveryWorker;
}

export async function startApi(options: StartApiOptions): Promise<RunningApi> {
  const services: ApiServices = {
    db: options.db,
    logger: options.logger,
    now: options.now ?? (() => new Date()),
    webhookAllowPrivate: options.webhooks?.allowPrivate ?? false,
  };
  const budgetEvaluator = startBudgetEvaluator(services, {
    intervalMs: options.budgetEvalIntervalMs ?? DEFAULT_BUDGET_EVAL_INTERVAL_MS,
    debounceMs: DEFAULT_BUDGET_EVAL_DEBOUNCE_MS,
  });
  services.budgets = budgetEvaluator.watch;
  const authenticator = createAuthenticator({ db: options.db, adminApiKey: options.adminApiKey });
  const stopWatchingRevocations = await authenticator.watchRevocations();
  const sessions = createSessionService({
    db: options.db,
    authenticator,
    adminApiKey: options.adminApiKey,
    ttlMs: options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
  });
  const server = createApiServer({
    ...services,
    authenticator,
    sessions,
    dashboardOrigins: options.dashboardOrigins ?? [],
    dashboardDir: options.dashboardDir ?? DEFAULT_DASHBOARD_DIR,
  });
  // Behind a load balancer idle sockets outlive the LB's own timeout; keep them a little longer.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // In-flight responses, so a shutdown can close their keep-alive connections once they finish.
  const inFlight = new Set<ServerResponse>();
  let stopping = false;
  server.on("request", (_req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    if (stopping) res.setHeader("connection", "close");
    res.on("close", () => {
      inFlight.delete(res);
      // A keep-alive socket turns idle when its response ends: during shutdown, close it then.
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
  });
  const { port: listenOn } = options;
  try {
    if (typeof listenOn === "number") {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(listenOn, options.host ?? "127.0.0.1", () => resolve());
      });
    } else {
      await listenOn.serve(server);
    }
  } catch (error) {
    await budgetEvaluator.stop();
    throw error;
  }
  const { port, address, family } = server.address() as AddressInfo;
  const reaper = startReaper(services, {
    timeoutMs: options.runTimeoutMs,
    intervalMs: options.reaperIntervalMs,
  });
  const webhooks = await startDeliveryWorker(services, webhookSettings(options.webhooks));
  const folder = startAnalyticsFolder(services, {
    intervalMs: options.analyticsFoldIntervalMs ?? DEFAULT_ANALYTICS_FOLD_INTERVAL_MS,
  });
  return {
    url: `http://127.0.0.1:${port}`,
    listeningOn: `http://${family === "IPv6" ? `[${address}]` : address}:${port}`,
    port,
    reaper,
    budgetEvaluator,
    webhooks,
    async stop() {
      stopping = true;
      await reaper.stop();
      await budgetEvaluator.stop();
      await webhooks.stop();
      await folder.stop();
      await stopWatchingRevocations().catch(() => {});
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Responses still to be written tell their clients the connection ends with them.
      for (const res of inFlight) if (!res.headersSent) res.setHeader("connection", "close");
      server.closeIdleConnections();
      // In-flight requests get 10 s; then whatever is left is cut.
      const deadline = setTimeout(() => server.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(deadline);
    },
  };
}
