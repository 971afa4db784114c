/**
 * Budget threshold events with two API processes on one PostgreSQL database: 32 concurrent
 * steps, half through each instance, cross four thresholds at once; each instance evaluates
 * after its own steps and sweeps every second. The outbox holds exactly one event per
 * threshold, and still does after one instance is killed and started again.
 */
import { budgetEventsOf } from "@columnline/db";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, newAdminKey, Service, sleep } from "../support/service";
import { restCall } from "./support/ledger";
import { type ScratchDatabase, scratchDatabase, serverUrl, withDatabase } from "./support/postgres";

describe.skipIf(!serverUrl)("budget events from two API instances (PostgreSQL)", () => {
  const started: Service[] = [];
  let database: ScratchDatabase | undefined;
  afterAll(async () => {
    for (const service of started) await service.stop().catch(() => {});
    await database?.drop();
  });

  it("32 concurrent steps through two instances: one event per threshold, also after a restart", async () => {
    database = await scratchDatabase();
    const adminKey = newAdminKey();
    const start = async () => {
      const service = await Service.start({
        port: await freePort(),
        adminKey,
        databaseUrl: database?.url,
        env: { BUDGET_EVAL_INTERVAL: "1s" },
      });
      started.push(service);
      return service;
    };
    const first = await start();
    const second = await start();
    const clientId = "CLT_BUDGET_EVENTS_001";
    await restCall(first.url, adminKey, "POST", "/clients", { client_id: clientId, name: "B" });
    const budget = await restCall<{ budget_id: string }>(
      first.url,
      adminKey,
      "PUT",
      `/clients/${clientId}/budget`,
      { period: "day", limit_usd: "0.32", thresholds: [0.25, 0.5, 0.75, 1], action: "notify_only" },
    );
    const runs = await Promise.all(
      Array.from({ length: 8 }, () =>
        restCall<{ run_id: string }>(first.url, adminKey, "POST", "/runs", {
          client_id: clientId,
          status: "running",
        }),
      ),
    );
    await Promise.all(
      Array.from({ length: 32 }, (_, i) =>
        restCall(
          (i % 2 ? second : first).url,
          adminKey,
          "POST",
          `/runs/${runs[i % 8]?.run_id}/steps`,
          {
            step_id: `s${i}`,
            model: "gpt-4o",
            usage: { input_tokens: 1, output_tokens: 1 },
            cost_usd: "0.01",
          },
        ),
      ),
    );
    const events = () =>
      withDatabase(database?.url ?? "", (db) => budgetEventsOf(db, budget.budget_id));
    const expected = [
      ["budget.threshold_crossed", 0.25],
      ["budget.threshold_crossed", 0.5],
      ["budget.threshold_crossed", 0.75],
      ["budget.exceeded", 1],
    ];
    const shape = async () =>
      (await events()).map((event) => [event.type, event.payload.threshold]);
    const crossedAt = Date.now();
    while ((await events()).length < expected.length && Date.now() - crossedAt < 15_000) {
      await sleep(100);
    }
    const latencyMs = Date.now() - crossedAt;
    expect(await shape()).toEqual(expected);
    // Both instances keep sweeping every second: still one each.
    await sleep(2_500);
    expect(await shape()).toEqual(expected);
    // An instance killed and started again re-evaluates at start: nothing new, nothing lost.
    await second.kill();
    await start();
    await sleep(2_500);
    expect(await shape()).toEqual(expected);
    console.log(
      `budget events: ${expected.length} thresholds, all written ${latencyMs} ms after the steps`,
    );
  }, 120_000);
});
