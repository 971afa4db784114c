import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  recordDeliveryAttempt,
  WEBHOOK_DELIVERIES_CHANNEL,
} from "@columnline/db";
import type { ApiServices } from "../services";
import { retryDelayMs } from "./backoff";
import { webhookBody } from "./event-body";
import { sendWebhook } from "./send-webhook";
import type { WebhookSettings } from "./webhook-settings";

export interface DeliveryWorker {
  /** Claims what is due now and waits for those attempts (tests call it; the loop does too). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Delivers the outbox: claims due deliveries (at most `concurrency` in flight), sends each
 * outside any transaction, records the outcome. Woken by NOTIFY from emit_event and by a poll
 * timer (retries come due by time, and NOTIFYs sent while a LISTEN was down are lost).
 * Step recording never waits on it: claims and records are single short statements.
 */
export async function startDeliveryWorker(
  services: ApiServices,
  settings: WebhookSettings,
): Promise<DeliveryWorker> {
  const workerId = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let claiming: Promise<void> | null = null;
  let again = false;

  async function attempt(delivery: ClaimedDelivery) {
    const result = await sendWebhook(
      {
        url: delivery.url,
        id: delivery.event.id,
        body: webhookBody(delivery.event),
        secrets: delivery.secrets,
        // The wall clock: receivers check webhook-timestamp against theirs.
        at: new Date(),
      },
      { ...settings, userAgent: "Columnline-Webhooks/1" },
    );
    const attemptsMade = delivery.attempts + 1;
    const recorded = await recordDeliveryAttempt(services.db, {
      deliveryId: delivery.id,
      leaseToken: delivery.leaseToken,
      ...result,
      retryInMs: result.succeeded ? null : retryDelayMs(attemptsMade, settings.retry),
      disableAfterFailures: settings.disableAfterFailures,
    });
    const log = {
      deliveryId: delivery.id,
      eventId: delivery.event.id,
      endpointId: delivery.endpointId,
    };
    if (!recorded.recorded)
      services.logger.warn(log, "webhook attempt outlived its lease; not recorded");
    else if (!result.succeeded)
      services.logger.info(
        { ...log, attempt: attemptsMade, error: result.error },
        "webhook attempt failed",
      );
    if (recorded.endpointDisabled && !result.succeeded)
      services.logger.warn(log, "webhook endpoint disabled after consecutive failures");
  }

  async function claimOnce(): Promise<boolean> {
    const free = settings.concurrency - inFlight.size;
    if (free <= 0 || stopped) return false;
    const claimed = await claimDueDeliveries(services.db, {
      workerId,
      limit: free,
      leaseMs: settings.leaseMs,
    });
    for (const delivery of claimed) {
      const running: Promise<void> = attempt(delivery)
        .catch((error: unknown) => {
          // The lease expires and another claim retries it: nothing is lost.
          services.logger.warn(
            { err: error, deliveryId: delivery.id },
            "webhook attempt not recorded",
          );
        })
        .finally(() => {
          inFlight.delete(running);
          wake();
        });
      inFlight.add(running);
    }
    return claimed.length === free;
  }

  function wake() {
    if (stopped) return;
    if (claiming) {
      again = true;
      return;
    }
    claiming = (async () => {
      try {
        do {
          again = false;
          if (await claimOnce()) again = true;
        } while (again && !stopped && inFlight.size < settings.concurrency);
      } catch (error) {
        services.logger.warn({ err: error }, "claiming webhook deliveries failed; will retry");
      } finally {
        claiming = null;
      }
    })();
  }

  const unlisten = await services.db
    .listen(
      WEBHOOK_DELIVERIES_CHANNEL,
      () => wake(),
      () => wake(),
    )
    .catch((error: unknown) => {
      services.logger.warn({ err: error }, "no LISTEN for webhook deliveries; polling only");
      return null;
    });
  const timer = setInterval(wake, settings.pollIntervalMs);
  timer.unref();
  wake();

  return {
    async drain() {
      wake();
      while (claiming || inFlight.size > 0) {
        await claiming;
        await Promise.all([...inFlight]);
      }
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await unlisten?.().catch(() => {});
      await claiming;
      // In-flight attempts end within their timeout and are recorded.
      await Promise.all([...inFlight]);
    },
  };
}
