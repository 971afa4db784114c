import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDb,
  type Database,
  foldAnalyticsRollups,
  recordStep,
  transitionRun,
} from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { rows, seedClient, seedRun } from "./helpers";

const MODELS = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "no-such-model", null];
const NAMES = ["research", "draft", null];
const HOUR = 3_600_000;

/**
 * What readers see per grain: the folded rollups plus the steps after steps_through (and the
 * run deltas not folded yet), in one snapshot; and the same sums straight from the ledger.
 */
const stepState = (grain: "hour" | "day" | "month") => sql`
  SELECT dimension, client_id, bucket, grp, sum(n)::text AS n, sum(tokens)::text AS tokens,
         sum(cost)::text AS cost, sum(unpriced)::text AS unpriced
    FROM (SELECT dimension, client_id, bucket, grp, step_count AS n, tokens, cost,
                 unpriced_steps AS unpriced
            FROM v2_step_rollups WHERE grain = ${grain}
          UNION ALL
          SELECT d.dimension, d.client_id, date_trunc(${grain}, s.recorded_at, 'UTC'), d.grp, 1,
                 s.tokens, coalesce(s.cost, 0), (s.cost_source = 'unpriced')::int
            FROM v2_run_steps AS s JOIN v2_runs AS r USING (run_id)
           CROSS JOIN LATERAL (VALUES ('model', r.client_id, s.model), ('model', '', s.model),
                                      ('step_name', r.client_id, s.step_name), ('step_name', '', s.step_name),
                                      ('client', '', r.client_id)) AS d(dimension, client_id, grp)
           WHERE s.id > (SELECT steps_through FROM v2_analytics_fold)) AS u
   GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4 NULLS FIRST`;
const stepLedger = (grain: "hour" | "day" | "month") => sql`
  SELECT d.dimension, d.client_id, date_trunc(${grain}, s.recorded_at, 'UTC') AS bucket, d.grp,
         count(*)::text AS n, sum(s.tokens)::text AS tokens, coalesce(sum(s.cost), 0)::text AS cost,
         count(*) FILTER (WHERE s.cost_source = 'unpriced')::text AS unpriced
    FROM v2_run_steps AS s JOIN v2_runs AS r USING (run_id)
   CROSS JOIN LATERAL (VALUES ('model', r.client_id, s.model), ('model', '', s.model),
                              ('step_name', r.client_id, s.step_name), ('step_name', '', s.step_name),
                              ('client', '', r.client_id)) AS d(dimension, client_id, grp)
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4 NULLS FIRST`;
const runState = (grain: "hour" | "day" | "month") => sql`
  SELECT client_id, bucket, status, sum(runs)::text AS runs, sum(total_tokens)::text AS tokens,
         sum(total_cost)::text AS cost
    FROM (SELECT client_id, bucket, status, runs, total_tokens, total_cost
            FROM v2_run_rollups WHERE grain = ${grain}
          UNION ALL
          SELECT client_id, date_trunc(${grain}, hour, 'UTC'), status, runs, total_tokens, total_cost
            FROM v2_run_rollup_deltas) AS u
   GROUP BY 1, 2, 3 HAVING sum(runs) <> 0 ORDER BY 1, 2, 3`;
const runLedger = (grain: "hour" | "day" | "month") => sql`
  SELECT c.client_id, date_trunc(${grain}, r.started_at, 'UTC') AS bucket, r.status,
         count(*)::text AS runs,
         coalesce(sum(r.total_tokens) FILTER (WHERE r.status IN ('completed', 'failed')), 0)::text AS tokens,
         coalesce(sum(r.total_cost) FILTER (WHERE r.status IN ('completed', 'failed')), 0)::text AS cost
    FROM v2_runs AS r CROSS JOIN LATERAL (VALUES (r.client_id), ('')) AS c(client_id)
   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;

/** Numeric sums compare as numbers of the same value ("0.0150" equals "0.015"). */
const normalized = (list: Record<string, unknown>[]) =>
  list.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key,
        typeof value === "string" && /^-?\d+\.\d+$/.test(value)
          ? value.replace(/\.?0+$/, "")
          : value instanceof Date
            ? value.toISOString()
            : String(value),
      ]),
    ),
  );

describe.each(testEngines())("analytics rollups equal the ledger (%s)", (engine) => {
  let db: TestDb;
  let writers: Database;

  beforeAll(async () => {
    db = await openTestDb(engine);
    // Several connections writing at once on PostgreSQL (batched and single statements).
    writers =
      engine === "postgres"
        ? await createDb({ databaseUrl: db.databaseUrl ?? "", poolSize: 8 })
        : db;
  });
  afterAll(async () => {
    if (writers !== db) await writers?.close();
    await db?.close();
  });

  /** What readers see equals the ledger, in every grain. */
  async function expectExact(label: string) {
    for (const grain of ["hour", "day", "month"] as const) {
      const state = normalized(await rows(db, stepState(grain)));
      expect(state, `${label}: steps by ${grain}`).toEqual(
        normalized(await rows(db, stepLedger(grain))),
      );
      expect(normalized(await rows(db, runState(grain))), `${label}: runs by ${grain}`).toEqual(
        normalized(await rows(db, runLedger(grain))),
      );
    }
  }

  /** The rollups and the fold's state, as stored. */
  const stored = async () => ({
    steps: await rows(db, sql`SELECT * FROM v2_step_rollups ORDER BY 1, 2, 3, 4, 5 NULLS FIRST`),
    runs: await rows(db, sql`SELECT * FROM v2_run_rollups ORDER BY 1, 2, 3, 4`),
    deltas: await rows(db, sql`SELECT count(*)::int AS n FROM v2_run_rollup_deltas`),
    fold: await rows(db, sql`SELECT steps_through, pending_through FROM v2_analytics_fold`),
  });

  it("after random concurrent recording, transitions and folds, rollups + unfolded == ledger", async () => {
    const base = Date.UTC(2030, 2, 30, 20, 0, 0);
    const clients = [await seedClient(db), await seedClient(db), await seedClient(db)];
    const runs: Awaited<ReturnType<typeof seedRun>>[] = [];
    for (let i = 0; i < 18; i++) {
      const client = clients[i % 3]?.clientId ?? "";
      runs.push(await seedRun(db, { clientId: client }, new Date(base + i * 1_234_567)));
    }
    let pending = 0;
    const tasks = Array.from({ length: 600 }, (_, i) => async () => {
      const run = runs[(i * 7) % runs.length];
      if (!run) return;
      const model = MODELS[i % MODELS.length];
      await recordStep(
        writers,
        run.runId,
        {
          stepId: `s${i}`,
          stepName: NAMES[i % NAMES.length] ?? null,
          model: model ?? null,
          usage: { input_tokens: 100 + (i % 37) * 13, output_tokens: 10 + (i % 11) },
          ...(i % 9 === 0 ? { costUsd: `0.00${i % 10}7` } : {}),
        },
        { now: new Date(base + ((i * 977_000) % (30 * HOUR)) + (i % 1000)) },
      );
      // Some runs end while steps still arrive: later steps are late, totals keep moving.
      if (i % 97 === 50) {
        if (i % 2) await transitionRun(writers, run.runId, "failed", { errorMessage: "boom" });
        else await transitionRun(writers, run.runId, "completed");
      }
      if (i % 40 === 20) folded += (await foldAnalyticsRollups(writers)).stepsFolded;
      pending += 1;
    });
    const width = engine === "postgres" ? 8 : 1;
    let next = 0;
    let writing = true;
    let folded = 0;
    // Folds racing the writers on PostgreSQL, from two connections at once (PGlite's writes
    // never yield to a timer: the tasks fold there, below).
    const folders = Array.from({ length: engine === "postgres" ? 2 : 0 }, async () => {
      while (writing) {
        folded += (await foldAnalyticsRollups(writers)).stepsFolded;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });
    await Promise.all(
      Array.from({ length: width }, async () => {
        for (let index = next++; index < tasks.length; index = next++) await tasks[index]?.();
      }),
    );
    writing = false;
    await Promise.all(folders);
    expect(pending).toBe(600);
    expect(folded).toBeGreaterThan(0);
    await expectExact("racing folds");

    // Two folds with no writer in flight fold everything: the rollups alone equal the ledger.
    await foldAnalyticsRollups(db);
    const { stepsThrough } = await foldAnalyticsRollups(db);
    const [max] = await rows(db, sql`SELECT max(id)::bigint AS id FROM v2_run_steps`);
    expect(stepsThrough).toBeGreaterThanOrEqual(Number(max?.id));
    expect((await stored()).deltas).toEqual([{ n: 0 }]);
    expect(normalized(await rows(db, stepLedger("hour"))).length).toBeGreaterThan(50);
    await expectExact("all folded");
  }, 120_000);

  it("a fold is idempotent: folding again changes nothing", async () => {
    await foldAnalyticsRollups(db);
    const before = await stored();
    const again = await foldAnalyticsRollups(db);
    expect([again.stepsFolded, again.runDeltasFolded]).toEqual([0, 0]);
    expect(await stored()).toEqual(before);
  });

  it("a fold that dies before committing leaves everything as it was, and reads exact", async () => {
    const run = await seedRun(db);
    await recordStep(db, run.runId, {
      stepId: "crash",
      model: "gpt-4o",
      usage: { input_tokens: 7, output_tokens: 1 },
    });
    await transitionRun(db, run.runId, "completed");
    const before = await stored();
    await expect(
      db.db.transaction(async (tx) => {
        const inside = await tx.execute(sql`SELECT * FROM fold_analytics_rollups()`);
        expect(inside).toBeDefined();
        throw new Error("crash between the fold's writes and its commit");
      }),
    ).rejects.toThrow(/crash between/);
    expect(await stored()).toEqual(before);
    await expectExact("after a failed fold");
    const after = await foldAnalyticsRollups(db);
    expect(after.stepsFolded).toBe(1);
    expect(after.runDeltasFolded).toBeGreaterThan(0);
    await expectExact("folded after the failed one");
  });

  if (engine === "postgres")
    it("never folds past a step whose transaction is still open, and folds it once committed", async () => {
      const run = await seedRun(db);
      const other = await seedRun(db);
      const step = (runId: string, stepId: string) =>
        sql`SELECT step_row_id FROM record_run_step(${runId}, ${stepId}, 10, 5, 0.001, 'fp', 'n', 'm')`;
      let release: () => void = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let opened: (id: number) => void = () => {};
      const openId = new Promise<number>((resolve) => {
        opened = resolve;
      });
      // A writer holding its transaction open after drawing a step id.
      const open = writers.db.transaction(async (tx) => {
        const [row] = (await tx.execute(step(run.runId, "open"))) as unknown as {
          step_row_id: string;
        }[];
        opened(Number(row?.step_row_id));
        await released;
      });
      const openStepId = await openId;
      const [later] = await rows(db, step(other.runId, "later"));
      expect(Number(later?.step_row_id)).toBeGreaterThan(openStepId);
      for (let i = 0; i < 3; i++) {
        const fold = await foldAnalyticsRollups(db);
        expect(fold.stepsThrough).toBeLessThan(openStepId);
        await expectExact(`open writer, fold ${i}`);
      }
      release();
      await open;
      await foldAnalyticsRollups(db);
      const { stepsThrough } = await foldAnalyticsRollups(db);
      expect(stepsThrough).toBeGreaterThanOrEqual(Number(later?.step_row_id));
      await expectExact("after the writer committed");
      const [tail] = await rows(
        db,
        sql`SELECT count(*)::int AS n FROM v2_run_steps WHERE id > ${stepsThrough}`,
      );
      expect(tail?.n).toBe(0);
    }, 60_000);

  it("rebuild_analytics_rollups() gives the same sums as the folds", async () => {
    await foldAnalyticsRollups(db);
    await foldAnalyticsRollups(db);
    const before = await stored();
    await rows(db, sql`SELECT rebuild_analytics_rollups()`);
    const after = await stored();
    expect(normalized(after.steps)).toEqual(normalized(before.steps));
    expect(normalized(after.runs.filter((row) => Number(row.runs) !== 0))).toEqual(
      normalized(before.runs.filter((row) => Number(row.runs) !== 0)),
    );
    await expectExact("rebuilt");
  });
});
