import { conflict, notFound } from "@columnline/domain";
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { type DbExecutor, type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { invalid, parseLimit } from "../../internal/validate";
import { webhookDeliveries, webhookEndpoints, webhookEvents } from "../../schema";
import { WEBHOOK_TEST_EVENT_TYPE } from "../../schema/enum-values";
import { checkDeliveryId, checkEndpointId, newDeliveryId } from "./endpoint-material";
import { toWebhookDelivery, WEBHOOK_DELIVERIES_CHANNEL, type WebhookDelivery } from "./types";

export interface WebhookDeliveryPage {
  items: WebhookDelivery[];
  nextCursor: string | null;
}

function encodeCursor(delivery: WebhookDelivery): string {
  return Buffer.from(`${delivery.createdAt.toISOString()}|${delivery.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime()))
    invalid("cursor", "is not a cursor this list returned");
  return { createdAt, id };
}

async function endpointOrNotFound(executor: DbExecutor, id: string) {
  const [endpoint] = await executor
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.id, id));
  if (!endpoint) throw notFound("webhook endpoint", id);
  return endpoint;
}

/** An endpoint's delivery log, newest first, `limit` (1-200, default 50) a page. */
export async function listWebhookDeliveries(
  handle: DbHandle,
  endpointId: string,
  options: { limit?: number; cursor?: string } = {},
): Promise<WebhookDeliveryPage> {
  checkEndpointId(endpointId);
  const limit = parseLimit(options.limit, 50, 200);
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  return withDomainErrors(async () => {
    const executor = executorOf(handle);
    await endpointOrNotFound(executor, endpointId);
    const rows = await executor
      .select({ delivery: webhookDeliveries, eventType: webhookEvents.type })
      .from(webhookDeliveries)
      .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
      .where(
        and(
          eq(webhookDeliveries.endpointId, endpointId),
          after
            ? or(
                lt(webhookDeliveries.createdAt, after.createdAt),
                and(
                  eq(webhookDeliveries.createdAt, after.createdAt),
                  lt(webhookDeliveries.id, after.id),
                ),
              )
            : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(limit + 1);
    const items = rows.slice(0, limit).map((row) => toWebhookDelivery(row.delivery, row.eventType));
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  });
}

function refuseDisabled(endpoint: { id: string; enabled: boolean; disabledReason: string | null }) {
  if (!endpoint.enabled) {
    throw conflict(
      `webhook endpoint ${endpoint.id} is disabled (${endpoint.disabledReason ?? "no reason recorded"}); enable it first`,
      { endpointId: endpoint.id },
    );
  }
}

/**
 * One more attempt of an existing delivery, due now, with the same event (so the same
 * webhook-id). Its attempt count goes on; if this attempt fails and the retry schedule is
 * already spent, the delivery is failed again. CONFLICT while the endpoint is disabled.
 */
export async function redeliverWebhook(
  handle: DbHandle,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  checkEndpointId(endpointId);
  checkDeliveryId(deliveryId);
  return withDomainErrors(async () => {
    const executor = executorOf(handle);
    refuseDisabled(await endpointOrNotFound(executor, endpointId));
    const [row] = await executor
      .update(webhookDeliveries)
      .set({
        status: "pending",
        nextAttemptAt: sql`now()`,
        // A claim in flight keeps its lease: the worker holding it records its own attempt.
        updatedAt: sql`now()`,
      })
      .where(
        and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)),
      )
      .returning();
    if (!row) throw notFound("webhook delivery", deliveryId);
    const [event] = await executor
      .select({ type: webhookEvents.type })
      .from(webhookEvents)
      .where(eq(webhookEvents.id, row.eventId));
    await executor.execute(sql`select pg_notify(${WEBHOOK_DELIVERIES_CHANNEL}, ${row.eventId})`);
    return toWebhookDelivery(row, event?.type ?? "");
  });
}

/**
 * A `webhook.test` event delivered to this endpoint only (whatever it subscribes to), through
 * the same outbox, signing and retries as every event. CONFLICT while the endpoint is disabled.
 */
export async function sendTestWebhook(
  handle: DbHandle,
  endpointId: string,
): Promise<WebhookDelivery> {
  checkEndpointId(endpointId);
  return withDomainErrors(() =>
    executorOf(handle).transaction(async (tx) => {
      refuseDisabled(await endpointOrNotFound(tx, endpointId));
      const [event] = await tx
        .insert(webhookEvents)
        .values({
          id: `evt_${newDeliveryId().slice("whdl_".length)}`,
          type: WEBHOOK_TEST_EVENT_TYPE,
          payload: { endpoint_id: endpointId, message: "A test event sent from Columnline Runs" },
        })
        .returning();
      if (!event) throw new Error("insert returned no row");
      const [delivery] = await tx
        .insert(webhookDeliveries)
        .values({ id: newDeliveryId(), eventId: event.id, endpointId })
        .returning();
      if (!delivery) throw new Error("insert returned no row");
      await tx.execute(sql`select pg_notify(${WEBHOOK_DELIVERIES_CHANNEL}, ${event.id})`);
      return toWebhookDelivery(delivery, event.type);
    }),
  );
}
