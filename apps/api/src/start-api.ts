import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "@columnline/db";
import type { Logger } from "pino";
import { createAuthenticator } from "./auth/authenticator";
import type { ReservedPort } from "./http/reserve-port";
import { createApiServer } from "./http/server";
import { startReaper } from "./reaper";

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
  now?: () => Date;
}

export interface RunningApi {
  /** Where this process reaches the service (loopback). */
  url: string;
  /** The address really bound, e.g. http://0.0.0.0:3000 with HOST=0.0.0.0. */
  listeningOn: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish, stops the reaper; the database stays open. */
  stop(): Promise<void>;
  reaper: ReturnType<typeof startReaper>;
}

export async function startApi(options: StartApiOptions): Promise<RunningApi> {
  const services = {
    db: options.db,
    logger: options.logger,
    now: options.now ?? (() => new Date()),
  };
  const authenticator = createAuthenticator({ db: options.db, adminApiKey: options.adminApiKey });
  const stopWatchingRevocations = await authenticator.watchRevocations();
  const server = createApiServer({
    ...services,
    authenticator,
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
  if (typeof listenOn === "number") {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(listenOn, options.host ?? "127.0.0.1", () => resolve());
    });
  } else {
    await listenOn.serve(server);
  }
  const { port, address, family } = server.address() as AddressInfo;
  const reaper = startReaper(services, {
    timeoutMs: options.runTimeoutMs,
    intervalMs: options.reaperIntervalMs,
  });
  return {
    url: `http://127.0.0.1:${port}`,
    listeningOn: `http://${family === "IPv6" ? `[${address}]` : address}:${port}`,
    port,
    reaper,
    async stop() {
      stopping = true;
      await reaper.stop();
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
