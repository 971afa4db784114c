import { type Database, isConnectionLost, outageCause } from "@columnline/db";
import type { Logger } from "pino";

/** How often a database that failed is asked again while it is down. */
const PROBE_INTERVAL_MS = 500;
/** Pings that may only find lost connections before one says why the database is down. */
const CAUSE_ATTEMPTS = 5;

export interface OutageMonitor {
  /** A response answered 503: the first one of an outage starts watching the database. */
  noteUnavailable(): void;
  stop(): void;
}

/**
 * Logs an outage once, not once per 503: the first 503 pings the database; if it does not
 * answer, one error line names the cause (the server's own words: database missing, role
 * rejected, connection refused...), and the monitor keeps pinging until it answers, then one
 * line says it is back, how long it was down and how many requests got 503 meanwhile. A 503
 * whose ping succeeds (a deadlock retried by the caller, say) is no outage and logs nothing.
 */
export function createOutageMonitor(db: Database, logger: Logger): OutageMonitor {
  let outage: { since: number; timer?: NodeJS.Timeout } | null = null;
  let unavailableAnswers = 0;
  let checking = false;
  let stopped = false;

  const probeLater = () => {
    if (outage === null || stopped) return;
    outage.timer = setTimeout(() => void probe(), PROBE_INTERVAL_MS);
    outage.timer.unref();
  };
  const probe = async (): Promise<void> => {
    if (outage === null || stopped) return;
    try {
      await db.ping();
      logger.info(
        { outageMs: Date.now() - outage.since, unavailableAnswers },
        "database available again",
      );
      outage = null;
      unavailableAnswers = 0;
    } catch {
      probeLater();
    }
  };

  /**
   * Pings until the database answers (no outage) or says why it cannot: pings that only find
   * a connection the outage already closed (reset, terminated) say nothing about the cause,
   * so a few more open new connections, which do (database gone, role refused, refused).
   */
  const pingForCause = async (): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.ping();
      } catch (error) {
        if (attempt >= CAUSE_ATTEMPTS || !isConnectionLost(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };

  return {
    noteUnavailable() {
      unavailableAnswers++;
      if (outage !== null || checking || stopped) return;
      checking = true;
      const since = Date.now();
      pingForCause().then(
        () => {
          checking = false;
          unavailableAnswers = 0;
        },
        (error: unknown) => {
          checking = false;
          if (stopped) return;
          outage = { since };
          const cause = outageCause(error);
          logger.error({ cause }, `database unavailable: ${cause}; answering 503 until it is back`);
          probeLater();
        },
      );
    },
    stop() {
      stopped = true;
      if (outage?.timer) clearTimeout(outage.timer);
    },
  };
}
