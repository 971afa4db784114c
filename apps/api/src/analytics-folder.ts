import { foldAnalyticsRollups } from "@columnline/db";
import type { ApiServices } from "./services";

/**
 * Folds new steps and run changes into the analytics rollups every `intervalMs` (migration
 * 0010). Analytics are exact without it (reads add what is not folded yet); folding keeps
 * that tail short, so reads stay fast. Safe with several instances: a fold already running
 * elsewhere makes this one return at once. A failure (e.g. an outage) is logged once until a
 * fold succeeds again.
 */
export function startAnalyticsFolder(services: ApiServices, options: { intervalMs: number }) {
  let running: Promise<void> | null = null;
  let failing = false;
  const fold = async () => {
    try {
      await foldAnalyticsRollups(services.db);
      if (failing) services.logger.info("analytics fold succeeded again");
      failing = false;
    } catch (error) {
      if (!failing) services.logger.warn({ err: error }, "analytics fold failed; will retry");
      failing = true;
    }
  };
  const tick = () => {
    running ??= fold().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
