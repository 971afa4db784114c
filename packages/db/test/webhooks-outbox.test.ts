import { sql, TransactionRollbackError } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reapStuckRuns, recordStep, transitionRun } from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { rows, seedRun, uniqueToken } from "./helpers";

async function insertEndpoint(db: TestDb, eventTypes: string[], enabled = true) {
  const id = `whep_${uniqueToken()
    .toLowerCase()
    .replace(/[^0-9a-f]/g, "0")
    .padEnd(32, "0")
    .slice(0, 32)}`;
  await db.db.execute(
    sql`INSERT INTO v2_webhook_endpoints (id, url, event_types, enabled, secret)
        VALUES (${id}, 'https://receiver.example/hook', ${sql.raw(`ARRAY[${eventTypes.map((t) => `'${t}'`).join(",")}]::text[]`)},
                ${enabled}, ${`whsec_${Buffer.alloc(24, 7).toString("base64")}`})`,
  );
  return id;
}

async function eventsFor(db: TestDb, dedupeKey: string) {
  return rows(
    db,
    sql`SELECT id, type, payload FROM v2_webhook_events WHERE dedupe_key = ${dedupeKey}`,
  );
}

async function deliveriesOf(db: TestDb, eventId: string) {
  return rows(
    db,
    sql`SELECT endpoint_id, status, attempts FROM v2_webhook_deliveries WHERE event_id = ${eventId} ORDER BY endpoint_id`,
  );
}

describe.each(testEngines())("webhook outbox: emit_event and the run trigger (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("emit_event writes one event and one delivery per enabled subscribed endpoint; a repeated dedupe key writes nothing", async () => {
    const subscribed = await insertEndpoint(db, ["budget.exceeded", "run.failed"]);
    await insertEndpoint(db, ["budget.exceeded"], false);
    await insertEndpoint(db, ["run.completed"]);
    const key = `budget.exceeded:${uniqueToken()}`;
    const [first] = await rows(
      db,
      sql`SELECT emit_event('budget.exceeded', '{"budget":{"limit_usd":"10"}}'::jsonb, ${key}) AS id`,
    );
    expect(String(first?.id)).toMatch(/^evt_[0-9a-f]{32}$/);
    const deliveries = await deliveriesOf(db, String(first?.id));
    expect(deliveries.map((d) => d.endpoint_id)).toContain(subscribed);
    expect(deliveries.every((d) => d.status === "pending" && Number(d.attempts) === 0)).toBe(true);
    const [again] = await rows(
      db,
      sql`SELECT emit_event('budget.exceeded', '{"other":true}'::jsonb, ${key}) AS id`,
    );
    expect(again?.id).toBeNull();
    expect(await eventsFor(db, key)).toHaveLength(1);
  });

  it("refuses an unknown event type", async () => {
    await expect(
      db.db.execute(sql`SELECT emit_event('run.exploded', '{}'::jsonb)`),
    ).rejects.toThrow();
  });

  it("a completed run writes run.completed with the run snapshot; steps never emit", async () => {
    const run = await seedRun(db);
    await recordStep(db, run.runId, {
      stepId: "s1",
      model: "gpt-4o",
      usage: { input_tokens: 1000, output_tokens: 500 },
    });
    expect(await eventsFor(db, `run.completed:${run.runId}`)).toHaveLength(0);
    await transitionRun(db, run.runId, "completed");
    const [event] = await eventsFor(db, `run.completed:${run.runId}`);
    expect(event?.type).toBe("run.completed");
    const payload = event?.payload as { run: Record<string, unknown>; timed_out: boolean };
    expect(payload.run).toMatchObject({
      run_id: run.runId,
      status: "completed",
      total_tokens: 1500,
      total_cost: "0.0075",
      started_at: run.startedAt.toISOString(),
    });
    expect(payload.timed_out).toBe(false);
    // A repeated transition is a no-op and writes no second event.
    await transitionRun(db, run.runId, "completed");
    expect(await eventsFor(db, `run.completed:${run.runId}`)).toHaveLength(1);
  });

  it("a rolled-back status change leaves no event", async () => {
    const run = await seedRun(db);
    await db.db
      .transaction(async (tx) => {
        await transitionRun(tx, run.runId, "failed", { errorMessage: "boom" });
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
    expect(await eventsFor(db, `run.failed:${run.runId}`)).toHaveLength(0);
    await transitionRun(db, run.runId, "failed", { errorMessage: "boom" });
    const [event] = await eventsFor(db, `run.failed:${run.runId}`);
    expect(event?.payload).toMatchObject({ run: { error_message: "boom" }, timed_out: false });
  });

  it("the reaper's failures are run.failed events marked timed_out", async () => {
    const run = await seedRun(db);
    await db.db.execute(
      sql`UPDATE v2_runs SET last_activity_at = now() - interval '3 hours' WHERE run_id = ${run.runId}`,
    );
    const reaped = await reapStuckRuns(db, { olderThan: new Date(Date.now() - 3_600_000) });
    expect(reaped.map((r) => r.runId)).toContain(run.runId);
    const [event] = await eventsFor(db, `run.failed:${run.runId}`);
    expect(event?.payload).toMatchObject({ run: { status: "failed" }, timed_out: true });
    // The flag does not outlive the reaper: a later failure in the same session is not marked.
    const other = await seedRun(db);
    await transitionRun(db, other.runId, "failed", { errorMessage: "operator" });
    const [later] = await eventsFor(db, `run.failed:${other.runId}`);
    expect(later?.payload).toMatchObject({ timed_out: false });
  });
});
