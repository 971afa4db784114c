/**
 * Webhook delivery across a crash, and a receiver that hangs. (1) run.completed events are
 * written by the transactions that complete the runs (the outbox); the service is SIGKILLed
 * while deliveries are in flight and started again on the same data: every event reaches the
 * receiver, signed, under its own webhook-id; the crash costs duplicates only, counted and
 * printed. (2) A receiver that accepts requests and never answers holds the delivery
 * worker's slots, and steps are still recorded (201) while those requests hang.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Database } from "@columnline/db";
import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, newAdminKey, Service, type ServiceOptions, sleep } from "../support/service";
import { startReceiver, type WebhookReceiver } from "../support/webhook-receiver";
import { prepareRuns, queryRows, restCall } from "./support/ledger";
import { runIdsFrom } from "./support/load";
import { scratchDatabase, serverUrl, withDatabase } from "./support/postgres";

// The shortest lease allowed: a killed instance's claims come back in 15 s, not the default 60.
const WEBHOOK_ENV = { WEBHOOK_ALLOW_PRIVATE: "1", WEBHOOK_LEASE: "15s" };
/** The delivery worker's attempts in flight per instance (WEBHOOK_CONCURRENCY's default). */
const WORKER_SLOTS = 8;

const distinctIds = (receiver: WebhookReceiver) =>
  new Set(receiver.received.map((request) => String(request.headers["webhook-id"]))).size;

/** Registers the receiver for run.completed; answers the endpoint's id and secret. */
async function addEndpoint(url: string, adminKey: string, receiver: WebhookReceiver) {
  return restCall<{ id: string; secret: string }>(
    url,
    adminKey,
    "POST",
    "/webhooks",
    { url: receiver.url, event_types: ["run.completed"] },
    [201],
  );
}

/** How many of the endpoint's deliveries the API has recorded as succeeded (its delivery log). */
async function succeededDeliveries(url: string, adminKey: string, endpointId: string) {
  let succeeded = 0;
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const page: { items: { status: string }[]; next_cursor: string | null } = await restCall(
      url,
      adminKey,
      "GET",
      `/webhooks/${endpointId}/deliveries?limit=200${query}`,
    );
    succeeded += page.items.filter((item) => item.status === "succeeded").length;
    cursor = page.next_cursor;
  } while (cursor);
  return succeeded;
}

/** `concurrency` workers over the items, in order. */
async function eachLimited<T>(items: T[], concurrency: number, act: (item: T) => Promise<void>) {
  const pending = [...items];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let item = pending.shift(); item !== undefined; item = pending.shift()) await act(item);
    }),
  );
}

async function waitFor(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function outboxCount(db: Database): Promise<{ events: number; succeeded: number }> {
  const [row] = await queryRows(
    db,
    `SELECT (SELECT count(*)::int FROM v2_webhook_events WHERE type = 'run.completed') AS events,
            (SELECT count(*)::int FROM v2_webhook_deliveries WHERE status = 'succeeded') AS succeeded`,
  );
  return { events: Number(row?.events), succeeded: Number(row?.succeeded) };
}

interface CrashDelivery {
  restarted: Service;
  receiver: WebhookReceiver;
  unverified: number;
  /** At the SIGKILL: requests received, and those of them not answered yet. */
  atKill: { received: number; inFlight: number };
  allDeliveredAfterMs: number;
}

/**
 * Completes `count` runs (one run.completed event each) while the receiver holds the first
 * requests open; then it answers each after 100 ms, and once a third of the events have
 * reached it the service is SIGKILLed with attempts in flight and started again.
 */
async function deliverAcrossCrash(
  options: ServiceOptions & { adminKey: string },
  count: number,
  started: Service[],
  cleanups: (() => Promise<void>)[],
): Promise<CrashDelivery> {
  const receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  const first = await Service.start(options);
  started.push(first);
  const { id: endpointId, secret } = await addEndpoint(first.url, options.adminKey, receiver);

  let answering = false;
  let unverified = 0;
  let atKill: CrashDelivery["atKill"] | undefined;
  let restarted: Promise<Service> | undefined;
  const held: Array<() => void> = [];
  receiver.behave((index, res) => {
    const request = receiver.received[index];
    const headers = Object.fromEntries(
      Object.entries(request?.headers ?? {}).map(([name, value]) => [name, String(value)]),
    );
    try {
      new Webhook(secret).verify(request?.body ?? "", headers);
    } catch {
      unverified += 1;
    }
    const answer = () => setTimeout(() => res.writeHead(204).end(), 100);
    if (answering) answer();
    else held.push(answer);
    if (atKill || !answering || distinctIds(receiver) < count / 3) return;
    atKill = { received: receiver.received.length, inFlight: receiver.open };
    first.child.kill("SIGKILL");
    restarted = first.exited.then(() => Service.start(options));
    restarted.catch(() => {});
  });

  const runIds = runIdsFrom(new Date(Date.UTC(2025, 6, 1, 8)), count);
  await prepareRuns(first.url, options.adminKey, runIds);
  await eachLimited(runIds, 16, async (runId) => {
    await restCall(first.url, options.adminKey, "POST", `/runs/${runId}/complete`, {});
  });
  answering = true;
  for (const answer of held.splice(0)) answer();
  await waitFor("the SIGKILL", () => restarted !== undefined, 60_000);
  const service = await (restarted as Promise<Service>);
  started.push(service);
  const upAt = Date.now();
  // The killed instance's claims (attempts in flight, or answered but not yet recorded) are
  // retaken when their lease (WEBHOOK_LEASE) runs out: delivered again, under the same webhook-id.
  const deadline = Date.now() + 180_000;
  while ((await succeededDeliveries(service.url, options.adminKey, endpointId)) < count) {
    if (Date.now() > deadline) throw new Error("not every delivery succeeded within 180 s");
    await sleep(500);
  }
  const allDeliveredAfterMs = Date.now() - upAt;
  return {
    restarted: service,
    receiver,
    unverified,
    atKill: atKill as CrashDelivery["atKill"],
    allDeliveredAfterMs,
  };
}

function report(
  label: string,
  outbox: { events: number; succeeded: number },
  crash: CrashDelivery,
): void {
  const distinct = distinctIds(crash.receiver);
  const duplicates = crash.receiver.received.length - distinct;
  console.log(
    `[webhooks, ${label}] SIGKILL mid-delivery (${crash.atKill.received} requests received, ${crash.atKill.inFlight} in flight): ` +
      `events written ${outbox.events}, delivered ${outbox.succeeded}, distinct webhook-ids at the receiver ${distinct}, ` +
      `duplicates seen by the receiver ${duplicates}, signatures refused ${crash.unverified}; ` +
      `all delivered ${(crash.allDeliveredAfterMs / 1000).toFixed(1)} s after the restart`,
  );
  expect(crash.unverified).toBe(0);
  expect(crash.atKill.inFlight).toBeGreaterThan(0);
  expect(distinct).toBe(outbox.events);
  expect(outbox.succeeded).toBe(outbox.events);
}

describe("webhook delivery: at least once across a crash; a hung receiver holds nothing up", () => {
  const started: Service[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const service of started) await service.kill();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("on PGlite: SIGKILL mid-delivery, restart, every event delivered", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "columnline-webhooks-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const options = { port: await freePort(), adminKey: newAdminKey(), dataDir, env: WEBHOOK_ENV };
    const crash = await deliverAcrossCrash(options, 200, started, cleanups);
    await crash.restarted.stop();
    const db = await createDb({ dataDir });
    try {
      report("pglite", await outboxCount(db), crash);
    } finally {
      await db.close();
    }
  });

  it.skipIf(!serverUrl)("on PostgreSQL: the same", async () => {
    const database = await scratchDatabase();
    cleanups.push(() => database.drop());
    const options = {
      port: await freePort(),
      adminKey: newAdminKey(),
      databaseUrl: database.url,
      env: WEBHOOK_ENV,
    };
    const crash = await deliverAcrossCrash(options, 300, started, cleanups);
    await crash.restarted.stop();
    report("postgres", await withDatabase(database.url, outboxCount), crash);
  });

  it("a receiver that never answers: steps are still recorded (201) while its deliveries hang", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "columnline-webhooks-hang-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    // Never answers; counts the requests the API gave up on (its 10 s timeout closes them).
    let givenUp = 0;
    const receiver = await startReceiver((_index, res) => {
      res.on("close", () => {
        if (!res.writableFinished) givenUp += 1;
      });
    });
    cleanups.push(() => receiver.close());
    const adminKey = newAdminKey();
    const service = await Service.start({
      port: await freePort(),
      adminKey,
      dataDir,
      env: WEBHOOK_ENV,
    });
    started.push(service);
    await addEndpoint(service.url, adminKey, receiver);
    const runIds = runIdsFrom(new Date(Date.UTC(2025, 7, 1, 8)), 30);
    const { writeKey } = await prepareRuns(service.url, adminKey, runIds);
    const [completing, recording] = [runIds.slice(0, 20), runIds.slice(20)];
    await eachLimited(completing, 8, async (runId) => {
      await restCall(service.url, adminKey, "POST", `/runs/${runId}/complete`, {});
    });
    // Every slot of the delivery worker is now held by a request that gets no answer.
    await waitFor("the deliveries to hang", () => receiver.open >= WORKER_SLOTS, 30_000);
    const hung = receiver.open;

    const steps = recording.flatMap((runId) =>
      Array.from({ length: 10 }, (_, index) => ({ runId, index })),
    );
    const latencies: number[] = [];
    await eachLimited(steps, 8, async ({ runId, index }) => {
      const began = performance.now();
      await restCall(
        service.url,
        writeKey,
        "POST",
        `/runs/${runId}/steps`,
        {
          step_id: `${runId}:step-${index}`,
          step_name: "research",
          model: "gpt-4o",
          usage: { input_tokens: 1000, output_tokens: 500 },
        },
        [201],
      );
      latencies.push(performance.now() - began);
    });
    const givenUpDuringSteps = givenUp;
    latencies.sort((a, b) => a - b);
    const percentile = (share: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))] ?? 0;
    console.log(
      `[webhooks, hung receiver] ${steps.length} steps recorded, all 201, while ${hung} deliveries hung unanswered (${givenUpDuringSteps} given up meanwhile): ` +
        `p50 ${percentile(0.5).toFixed(0)} ms, p99 ${percentile(0.99).toFixed(0)} ms, max ${percentile(1).toFixed(0)} ms`,
    );
    expect(latencies).toHaveLength(steps.length);
    // The requests that hung when the steps began were all still hanging when they were done.
    expect(givenUpDuringSteps).toBe(0);
  });
});
