import { reapStuckRuns } from "@columnline/db";
import type { ApiServices } from "./services";

/**
 * Fails runs with no activity for `timeoutMs`, every `intervalMs`. Safe with
 * several instances: the db function claims rows with SKIP LOCKED behind a status guard.
 */
export function startReaper(
  services: ApiServices,
  options: { timeoutMs: number; intervalMs: number },
) {
  let running: Promise<void> | null = null;
  const sweep = async () => {
    try {
      const reaped = await reapStuckRuns(services.db, {
        olderThan: new Date(services.now().getTime() - options.timeoutMs),
      });
      if (reaped.length > 0) {
        services.logger.warn(
          { runIds: reaped.map((run) => run.runId) },
          `failed ${reaped.length} stuck run(s)`,
        );
      }
    } catch (error) {
      services.logger.warn({ err: error }, "reaper sweep failed; will retry");
    }
  };
  const timer = setInterval(() => {
    running ??= sweep().finally(() => {
      running = null;
    });
  }, options.intervalMs);
  timer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
