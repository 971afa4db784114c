import { formatRunId } from "@columnline/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createRun,
  getRun,
  listRuns,
  reapStuckRuns,
  transitionRun,
  updateClient,
} from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { expectDomainError, randomInstant, rows, seedClient, seedRun } from "./helpers";

describe.each(testEngines())("runs repository (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  describe("createRun", () => {
    it("generates run_id and dossier_id from now, snapshots the client's config", async () => {
      const client = await seedClient(db, { prompt: "v1", nested: { a: 1 } });
      const now = new Date("2026-01-15T18:12:06.789Z");
      const { run, created } = await createRun(
        db,
        { clientId: client.clientId, seedData: { lead_url: "https://x" }, triggeredBy: "make.com" },
        { now, randomInt: () => 4523 },
      );
      expect(created).toBe(true);
      expect(run.runId).toMatch(/^RUN_20260115_181206(_\d+)?$/);
      expect(run.dossierId).toMatch(/^DOSS_20260115_\d{4}$/);
      expect(run.status).toBe("running");
      expect(run.startedAt.toISOString()).toBe(now.toISOString());
      expect(run.configSnapshot).toEqual({ prompt: "v1", nested: { a: 1 } });
      expect(run.seedData).toEqual({ lead_url: "https://x" });
      expect(run.triggeredBy).toBe("make.com");
      expect(run.totalTokens).toBe(0);
      expect(run.totalCost).toBe("0.0000");
      expect(run.completedAt).toBeNull();
      // Later config changes do not touch the snapshot.
      await updateClient(db, client.clientId, { config: { prompt: "v2" } });
      expect((await getRun(db, run.runId)).configSnapshot).toEqual({
        prompt: "v1",
        nested: { a: 1 },
      });
    });

    it("creates pending runs and keeps an explicit configSnapshot (null too)", async () => {
      const client = await seedClient(db);
      const pending = await seedRun(db, {
        clientId: client.clientId,
        status: "pending",
        configSnapshot: { x: 2 },
      });
      expect(pending.status).toBe("pending");
      expect(pending.configSnapshot).toEqual({ x: 2 });
      const none = await seedRun(db, { clientId: client.clientId, configSnapshot: null });
      expect(none.configSnapshot).toBeNull();
    });

    it("retries a generated run_id with _2, _3 ... within the same second", async () => {
      const client = await seedClient(db);
      const now = randomInstant();
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        ids.push((await createRun(db, { clientId: client.clientId }, { now })).run.runId);
      }
      expect(ids).toEqual([1, 2, 3, 4].map((suffix) => formatRunId(now, suffix)));
    });

    it("retries a generated dossier_id with a new random number on collision", async () => {
      const client = await seedClient(db);
      const now = randomInstant();
      const first = await createRun(
        db,
        { clientId: client.clientId },
        { now, randomInt: () => 1111 },
      );
      const draws = [1111, 1111, 2222];
      const second = await createRun(
        db,
        { clientId: client.clientId },
        { now: new Date(now.getTime() + 1000), randomInt: () => draws.shift() ?? 3333 },
      );
      expect(first.run.dossierId).toMatch(/_1111$/);
      expect(second.run.dossierId).toMatch(/_2222$/);
      expect(draws).toEqual([]);
    });

    it("gives up with CONFLICT when every dossier draw collides", async () => {
      const client = await seedClient(db);
      const now = randomInstant();
      await createRun(db, { clientId: client.clientId }, { now, randomInt: () => 5555 });
      await expectDomainError(
        createRun(
          db,
          { clientId: client.clientId },
          { now: new Date(now.getTime() + 1000), randomInt: () => 5555 },
        ),
        "CONFLICT",
        /dossier_id/,
      );
    });

    it("takes a caller's run_id: started_at is its instant; a same-request retry is idempotent", async () => {
      const client = await seedClient(db);
      const startedAt = randomInstant();
      startedAt.setUTCMilliseconds(0);
      const runId = formatRunId(startedAt);
      const request = {
        clientId: client.clientId,
        runId,
        status: "running" as const,
        seedData: { b: 2, a: { y: 1, x: 0 } },
        triggeredBy: "make.com" as const,
      };
      const first = await createRun(db, request);
      expect(first.created).toBe(true);
      expect(first.run.startedAt.toISOString()).toBe(startedAt.toISOString());
      // Key order does not matter; the stored run may have moved on since.
      await transitionRun(db, runId, "completed");
      const retry = await createRun(db, { ...request, seedData: { a: { x: 0, y: 1 }, b: 2 } });
      expect(retry.created).toBe(false);
      expect(retry.run.runId).toBe(runId);
      expect(retry.run.dossierId).toBe(first.run.dossierId);
      expect(retry.run.status).toBe("completed");
    });

    it("rejects a caller's run_id reused with different fields (CONFLICT naming them)", async () => {
      const client = await seedClient(db);
      const run = await seedRun(db, {
        clientId: client.clientId,
        runId: formatRunId(randomInstant()),
        seedData: { a: 1 },
      });
      const error = await expectDomainError(
        createRun(db, {
          clientId: client.clientId,
          runId: run.runId,
          seedData: { a: 2 },
          triggeredBy: "api",
        }),
        "CONFLICT",
        /seed_data, triggered_by/,
      );
      expect(error.details?.fields).toEqual(["seed_data", "triggered_by"]);
      const pending = await seedRun(db, {
        clientId: client.clientId,
        runId: formatRunId(randomInstant()),
        status: "pending",
      });
      await expectDomainError(
        createRun(db, { clientId: client.clientId, runId: pending.runId, status: "running" }),
        "CONFLICT",
        /status/,
      );
    });

    it("rejects a caller's dossier_id that another run holds", async () => {
      const client = await seedClient(db);
      const holder = await seedRun(db, { clientId: client.clientId });
      const error = await expectDomainError(
        createRun(db, { clientId: client.clientId, dossierId: holder.dossierId ?? "" }),
        "CONFLICT",
        new RegExp(`already used by run ${holder.runId}`),
      );
      expect(error.details?.runId).toBe(holder.runId);
    });

    it("validates caller-given IDs and fields with the domain schemas", async () => {
      const client = await seedClient(db);
      const bad = [
        { runId: "RUN_2026" },
        { dossierId: "DOSS_20260115_12" },
        { status: "completed" as "running" },
        { triggeredBy: "cron" as "api" },
        { seedData: [1, 2] as unknown as Record<string, unknown> },
      ];
      for (const input of bad) {
        await expectDomainError(
          createRun(db, { clientId: client.clientId, ...input }),
          "VALIDATION",
        );
      }
      await expectDomainError(createRun(db, { clientId: "bad id!" }), "VALIDATION");
    });

    it("answers NOT_FOUND naming an unknown client, with or without a snapshot", async () => {
      const error = await expectDomainError(
        createRun(db, { clientId: "CLT_NOPE_1" }),
        "NOT_FOUND",
        /CLT_NOPE_1/,
      );
      expect(error.details).toMatchObject({ client: "CLT_NOPE_1" });
      await expectDomainError(
        createRun(db, { clientId: "CLT_NOPE_2", configSnapshot: {} }),
        "NOT_FOUND",
        /client CLT_NOPE_2 not found/,
      );
    });
  });

  describe("getRun", () => {
    it("returns the run or NOT_FOUND", async () => {
      const run = await seedRun(db);
      expect(await getRun(db, run.runId)).toEqual(run);
      await expectDomainError(
        getRun(db, "RUN_19990101_000000"),
        "NOT_FOUND",
        /run RUN_19990101_000000/,
      );
    });
  });

  describe("listRuns", () => {
    it("pages newest first with a keyset cursor, with filters", async () => {
      const client = await seedClient(db);
      const base = Date.UTC(2024, 5, 1, 12, 0, 0);
      const created = [];
      for (let i = 0; i < 7; i++) {
        // Two runs share each second, so run_id breaks the tie.
        const now = new Date(base + Math.floor(i / 2) * 1000);
        created.push(
          (
            await createRun(
              db,
              { clientId: client.clientId, triggeredBy: i % 2 ? "api" : "manual" },
              { now },
            )
          ).run,
        );
      }
      const expected = [...created]
        .sort(
          (a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.runId < b.runId ? 1 : -1),
        )
        .map((run) => run.runId);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listRuns(db, { clientId: client.clientId, limit: 3, cursor });
        seen.push(...page.items.map((run) => run.runId));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(seen).toEqual(expected);
      expect(pages).toBe(3);

      const api = await listRuns(db, { clientId: client.clientId, triggeredBy: "api" });
      expect(api.items.map((run) => run.triggeredBy)).toEqual(["api", "api", "api"]);
      expect(api.nextCursor).toBeNull();
      const window = await listRuns(db, {
        clientId: client.clientId,
        startedAfter: new Date(base + 1000),
        startedBefore: new Date(base + 3000),
      });
      expect(window.items).toHaveLength(4);
      await transitionRun(db, created[0]?.runId ?? "", "completed");
      const completed = await listRuns(db, { clientId: client.clientId, status: "completed" });
      expect(completed.items.map((run) => run.runId)).toEqual([created[0]?.runId]);
    });

    it("validates limit, status and cursor", async () => {
      await expectDomainError(listRuns(db, { limit: 201 }), "VALIDATION");
      await expectDomainError(listRuns(db, { limit: 0 }), "VALIDATION");
      await expectDomainError(listRuns(db, { status: "done" as "failed" }), "VALIDATION");
      await expectDomainError(listRuns(db, { cursor: "not-a-cursor" }), "VALIDATION");
      // Crafted cursors with values the columns cannot hold are refused before any SQL.
      const crafted = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
      for (const value of [
        ["2020-01-01T00:00:00Z", "RUN_\u0000"],
        ["+100000-01-01T00:00:00Z", "RUN_20200101_000000"],
        ["2020-01-01T00:00:00Z", "x".repeat(10)],
      ]) {
        await expectDomainError(listRuns(db, { cursor: crafted(value) }), "VALIDATION");
      }
      expect((await listRuns(db, { limit: 200 })).items.length).toBeLessThanOrEqual(200);
    });
  });

  describe("transitionRun", () => {
    it("walks pending → running → completed, setting completed_at on completion", async () => {
      const run = await seedRun(db, { status: "pending" });
      const started = await transitionRun(db, run.runId, "running");
      expect(started).toMatchObject({
        changed: true,
        run: { status: "running", completedAt: null },
      });
      const now = new Date("2026-02-01T00:00:00.000Z");
      const done = await transitionRun(db, run.runId, "completed", { now });
      expect(done.changed).toBe(true);
      expect(done.run.status).toBe("completed");
      expect(done.run.completedAt?.toISOString()).toBe(now.toISOString());
    });

    it("is idempotent for a repeated transition with the same payload", async () => {
      const run = await seedRun(db);
      const first = await transitionRun(db, run.runId, "failed", { errorMessage: "boom" });
      const again = await transitionRun(db, run.runId, "failed", { errorMessage: "boom" });
      expect(again.changed).toBe(false);
      expect(again.run).toEqual(first.run);
      const running = await seedRun(db);
      expect((await transitionRun(db, running.runId, "running")).changed).toBe(false);
    });

    it("rejects illegal moves with CONFLICT naming the current and allowed statuses", async () => {
      const pending = await seedRun(db, { status: "pending" });
      const error = await expectDomainError(
        transitionRun(db, pending.runId, "completed"),
        "CONFLICT",
        /pending/,
      );
      expect(error.details).toMatchObject({
        current_status: "pending",
        allowed_statuses: ["running", "failed"],
      });
      const done = await seedRun(db);
      await transitionRun(db, done.runId, "completed");
      await expectDomainError(transitionRun(db, done.runId, "running"), "CONFLICT", /completed/);
      await expectDomainError(
        transitionRun(db, done.runId, "failed", { errorMessage: "late" }),
        "CONFLICT",
      );
      const failed = await seedRun(db);
      await transitionRun(db, failed.runId, "failed", { errorMessage: "first" });
      await expectDomainError(
        transitionRun(db, failed.runId, "failed", { errorMessage: "second" }),
        "CONFLICT",
        /different error_message/,
      );
      expect((await getRun(db, failed.runId)).errorMessage).toBe("first");
    });

    it("requires an error message for failed, only for failed", async () => {
      const run = await seedRun(db);
      await expectDomainError(transitionRun(db, run.runId, "failed"), "VALIDATION");
      await expectDomainError(
        transitionRun(db, run.runId, "failed", { errorMessage: "  " }),
        "VALIDATION",
      );
      await expectDomainError(
        transitionRun(db, run.runId, "failed", { errorMessage: "x".repeat(2001) }),
        "VALIDATION",
      );
      await expectDomainError(
        transitionRun(db, run.runId, "completed", { errorMessage: "nope" }),
        "VALIDATION",
      );
      expect((await getRun(db, run.runId)).status).toBe("running");
      const failed = await transitionRun(db, run.runId, "failed", {
        errorMessage: "  model timeout ",
      });
      expect(failed.run).toMatchObject({ status: "failed", errorMessage: "model timeout" });
      expect(failed.run.completedAt).toBeInstanceOf(Date);
    });

    it("answers NOT_FOUND for an unknown run", async () => {
      await expectDomainError(transitionRun(db, "RUN_19990101_000001", "running"), "NOT_FOUND");
    });

    it("lets exactly one of two concurrent complete/fail win", async () => {
      for (let i = 0; i < 5; i++) {
        const run = await seedRun(db);
        const results = await Promise.allSettled([
          transitionRun(db, run.runId, "completed"),
          transitionRun(db, run.runId, "failed", { errorMessage: "lost the race" }),
        ]);
        const winners = results.filter((result) => result.status === "fulfilled");
        const losers = results.filter((result) => result.status === "rejected");
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(1);
        expect((losers[0] as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
      }
    });
  });

  describe("reapStuckRuns", () => {
    it("fails pending/running runs idle since before the cutoff, saying since when", async () => {
      const client = await seedClient(db);
      const stale = await seedRun(db, { clientId: client.clientId });
      const stalePending = await seedRun(db, { clientId: client.clientId, status: "pending" });
      const fresh = await seedRun(db, { clientId: client.clientId });
      const finished = await seedRun(db, { clientId: client.clientId });
      await transitionRun(db, finished.runId, "completed");
      const idleSince = "2020-01-01T00:00:00.000Z";
      await rows(
        db,
        sql`UPDATE v2_runs SET last_activity_at = ${idleSince}::timestamptz
             WHERE run_id IN (${stale.runId}, ${stalePending.runId}, ${finished.runId})`,
      );
      const reaped = await reapStuckRuns(db, { olderThan: new Date("2021-01-01T00:00:00Z") });
      const mine = reaped.filter(
        (run) => run.runId === stale.runId || run.runId === stalePending.runId,
      );
      expect(mine.map((run) => run.previousStatus).sort()).toEqual(["pending", "running"]);
      const after = await getRun(db, stale.runId);
      expect(after.status).toBe("failed");
      expect(after.completedAt).toBeInstanceOf(Date);
      expect(after.errorMessage).toBe(
        `Run timed out: no activity since ${idleSince} (was running)`,
      );
      expect((await getRun(db, stalePending.runId)).status).toBe("failed");
      expect((await getRun(db, fresh.runId)).status).toBe("running");
      expect((await getRun(db, finished.runId)).status).toBe("completed");
      // A second pass finds nothing left to reap.
      const again = await reapStuckRuns(db, { olderThan: new Date("2021-01-01T00:00:00Z") });
      expect(again.map((run) => run.runId)).not.toContain(stale.runId);
    });

    it("reaps each run once when several reapers run at once", async () => {
      const client = await seedClient(db);
      const stuck = await Promise.all(
        [1, 2, 3, 4, 5, 6].map(() => seedRun(db, { clientId: client.clientId })),
      );
      const ids = stuck.map((run) => run.runId);
      await rows(
        db,
        sql`UPDATE v2_runs SET last_activity_at = '2019-06-01T00:00:00Z'
             WHERE run_id IN (${sql.join(
               ids.map((id) => sql`${id}`),
               sql`, `,
             )})`,
      );
      const cutoff = new Date("2019-07-01T00:00:00Z");
      const results = await Promise.all(
        [1, 2, 3].map(() => reapStuckRuns(db, { olderThan: cutoff })),
      );
      const reapedIds = results
        .flat()
        .map((run) => run.runId)
        .filter((id) => ids.includes(id));
      expect(reapedIds.sort()).toEqual([...ids].sort());
    });
  });
});
