import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  claimDueDeliveries,
  createDb,
  createWebhookEndpoint,
  type Database,
  getWebhookEndpoint,
  recordDeliveryAttempt,
} from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { rows, uniqueToken } from "./helpers";

const lease = { limit: 50, leaseMs: 60_000 };

describe.each(testEngines())("webhook delivery claims (%s)", (engine) => {
  let db: TestDb;
  let second: Database;
  beforeAll(async () => {
    db = await openTestDb(engine);
    // A second instance: its own pool on PostgreSQL; PGlite has one connection, shared.
    second = db.databaseUrl ? await createDb({ databaseUrl: db.databaseUrl }) : db;
  });
  afterAll(async () => {
    if (second !== db) await second?.close();
    await db?.close();
  });

  async function pendingEvents(count: number) {
    const { endpoint } = await createWebhookEndpoint(db, {
      url: "https://receiver.example/hook",
      eventTypes: ["budget.exceeded"],
    });
    for (let index = 0; index < count; index++) {
      await db.db.execute(
        sql`SELECT emit_event('budget.exceeded', '{}'::jsonb, ${`claims:${uniqueToken()}`})`,
      );
    }
    return endpoint;
  }

  it("never hands one delivery to two concurrent claimers, and each is claimed once while leased", async () => {
    await pendingEvents(40);
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        claimDueDeliveries(index % 2 === 0 ? db : second, { workerId: `w${index}`, ...lease }),
      ),
    );
    const ids = claims.flat().map((delivery) => delivery.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(40);
    // Leased: nothing is claimable again.
    expect(await claimDueDeliveries(db, { workerId: "late", ...lease })).toEqual([]);
  });

  it("retakes a crashed worker's claims after the lease expires; the old holder cannot record", async () => {
    const endpoint = await pendingEvents(1);
    const [first] = (
      await claimDueDeliveries(db, { workerId: "crashes", limit: 50, leaseMs: 1 })
    ).filter((delivery) => delivery.endpointId === endpoint.id);
    expect(first).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const retaken = (await claimDueDeliveries(second, { workerId: "takes-over", ...lease })).find(
      (delivery) => delivery.id === first?.id,
    );
    expect(retaken?.event.id).toBe(first?.event.id);
    const outcome = {
      succeeded: true,
      responseCode: 200,
      error: null,
      responseBody: "ok",
      retryInMs: null,
      disableAfterFailures: 20,
    };
    const stale = await recordDeliveryAttempt(db, {
      ...outcome,
      deliveryId: first?.id ?? "",
      leaseToken: first?.leaseToken ?? "",
    });
    expect(stale.recorded).toBe(false);
    const fresh = await recordDeliveryAttempt(db, {
      ...outcome,
      deliveryId: retaken?.id ?? "",
      leaseToken: retaken?.leaseToken ?? "",
    });
    expect(fresh).toMatchObject({ recorded: true, status: "succeeded" });
    const [row] = await rows(
      db,
      sql`SELECT attempts, status FROM v2_webhook_deliveries WHERE id = ${first?.id}`,
    );
    expect(row).toMatchObject({ attempts: 1, status: "succeeded" });
  });

  it("disables the endpoint at the failure limit with a reason, and claims none of its deliveries", async () => {
    const endpoint = await pendingEvents(3);
    const claimed = (await claimDueDeliveries(db, { workerId: "w", ...lease })).filter(
      (delivery) => delivery.endpointId === endpoint.id,
    );
    for (const delivery of claimed.slice(0, 2)) {
      await recordDeliveryAttempt(db, {
        deliveryId: delivery.id,
        leaseToken: delivery.leaseToken,
        succeeded: false,
        responseCode: 503,
        error: "HTTP 503",
        responseBody: null,
        retryInMs: 0,
        disableAfterFailures: 2,
      });
    }
    const shown = await getWebhookEndpoint(db, endpoint.id);
    expect(shown).toMatchObject({ enabled: false, consecutiveFailures: 2 });
    expect(shown.disabledReason).toBe(
      "disabled after 2 consecutive failed delivery attempts; the last: HTTP 503",
    );
    const again = await claimDueDeliveries(db, { workerId: "w2", ...lease });
    expect(again.filter((delivery) => delivery.endpointId === endpoint.id)).toEqual([]);
  });

  // Two connections needed: PGlite runs one statement at a time and cannot deadlock.
  if (engine === "postgres") {
    it("records an attempt behind a concurrent endpoint DELETE without deadlocking it", async () => {
      const endpoint = await pendingEvents(1);
      const [claimed] = (await claimDueDeliveries(db, { workerId: "w", ...lease })).filter(
        (delivery) => delivery.endpointId === endpoint.id,
      );
      if (!claimed) throw new Error("nothing claimed");
      const watcher = await createDb({ databaseUrl: String(db.databaseUrl) });
      try {
        let attempt: ReturnType<typeof recordDeliveryAttempt> | undefined;
        await second.db.transaction(async (tx) => {
          // A DELETE's first lock: the endpoint row, held while the worker records its attempt.
          await tx.execute(
            sql`SELECT id FROM v2_webhook_endpoints WHERE id = ${endpoint.id} FOR UPDATE`,
          );
          attempt = recordDeliveryAttempt(db, {
            deliveryId: claimed.id,
            leaseToken: claimed.leaseToken,
            succeeded: false,
            responseCode: 503,
            error: "HTTP 503",
            responseBody: null,
            retryInMs: 1000,
            disableAfterFailures: 20,
          });
          await expect
            .poll(async () => {
              const [row] = await rows(
                watcher,
                sql`SELECT count(*)::int AS n FROM pg_stat_activity
                     WHERE datname = current_database() AND wait_event_type = 'Lock'`,
              );
              return row?.n;
            })
            .toBe(1);
          // The waiting attempt holds no delivery lock, so the cascade goes through at once
          // (NOWAIT fails with 55P03 if it does).
          await tx.execute(
            sql`SELECT id FROM v2_webhook_deliveries WHERE id = ${claimed.id} FOR UPDATE NOWAIT`,
          );
          await tx.execute(sql`DELETE FROM v2_webhook_endpoints WHERE id = ${endpoint.id}`);
        });
        expect(await attempt).toEqual({ recorded: false, status: null, endpointDisabled: false });
      } finally {
        await watcher.close();
      }
    });
  }
});
