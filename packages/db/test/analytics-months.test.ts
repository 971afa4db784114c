import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Client,
  costSummary,
  foldAnalyticsRollups,
  recordStep,
  spendByClient,
  transitionRun,
} from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { rows, seedClient, seedRun } from "./helpers";

// Fifteen months of runs and steps, so long ranges read monthly rollup rows (migration 0012)
// next to daily and hourly ones and the ledger's partial hours.
const START = Date.UTC(2029, 9, 20, 7, 13, 0); // 2029-10-20
const SPAN = 450 * 86_400_000; // to mid-January 2031

/** Ranges starting and ending anywhere: whole months inside, days and hours at the sides. */
const RANGES: [string, Date, Date][] = [
  ["a UTC year, month-aligned", new Date("2030-01-01T00:00:00Z"), new Date("2031-01-01T00:00:00Z")],
  [
    "mid-month to mid-month, mid-hour",
    new Date("2029-11-17T05:37:12.345Z"),
    new Date("2030-09-03T18:59:59.999Z"),
  ],
  [
    "day-aligned, no whole month",
    new Date("2030-02-03T00:00:00Z"),
    new Date("2030-02-27T00:00:00Z"),
  ],
  ["one whole month and a day", new Date("2030-03-01T00:00:00Z"), new Date("2030-04-02T00:00:00Z")],
  [
    "a New York year (local midnights)",
    new Date("2030-01-01T05:00:00Z"),
    new Date("2031-01-01T05:00:00Z"),
  ],
  ["all the data (16 months)", new Date("2029-10-01T00:00:00Z"), new Date("2031-02-01T00:00:00Z")],
];

/** The oracle: spend and runs per client straight from the ledger and runs, no rollups. */
async function ledgerSpend(db: TestDb, from: Date, to: Date) {
  const lo = sql`${from.toISOString()}::timestamptz`;
  const hi = sql`${to.toISOString()}::timestamptz`;
  return rows(
    db,
    sql`WITH spend AS (
          SELECT r.client_id, coalesce(sum(s.cost), 0) AS cost
            FROM v2_run_steps AS s JOIN v2_runs AS r USING (run_id)
           WHERE s.recorded_at >= ${lo} AND s.recorded_at < ${hi} GROUP BY 1),
        started AS (
          SELECT client_id, count(*)::int AS runs,
                 count(*) FILTER (WHERE status = 'completed')::int AS completed,
                 count(*) FILTER (WHERE status = 'failed')::int AS failed
            FROM v2_runs WHERE started_at >= ${lo} AND started_at < ${hi} GROUP BY 1)
        SELECT coalesce(p.client_id, t.client_id) AS "clientId",
               coalesce(p.cost, 0)::text AS "costExact",
               coalesce(t.runs, 0) AS runs, coalesce(t.completed, 0) AS "completedRuns",
               coalesce(t.failed, 0) AS "failedRuns"
          FROM spend AS p FULL JOIN started AS t USING (client_id)
         ORDER BY 1`,
  );
}

async function ledgerCompleted(db: TestDb, from?: Date, to?: Date) {
  const [row] = await rows(
    db,
    sql`SELECT count(*)::int AS "runCount", coalesce(sum(total_cost), 0)::text AS "totalCost"
          FROM v2_runs WHERE status = 'completed'
           AND started_at >= ${(from ?? new Date("0001-01-01T00:00:00Z")).toISOString()}::timestamptz
           AND started_at < ${(to ?? new Date("9999-01-01T00:00:00Z")).toISOString()}::timestamptz`,
  );
  return row;
}

const decimal = (text: string) => Number(text);

describe.each(testEngines())("analytics over long ranges: monthly rollups (%s)", (engine) => {
  let db: TestDb;
  let clients: Client[];

  beforeAll(async () => {
    db = await openTestDb(engine);
    clients = [await seedClient(db), await seedClient(db), await seedClient(db)];
    for (let r = 0; r < 30; r++) {
      const clientId = clients[r % 3]?.clientId ?? "";
      const startedAt = START + Math.floor((r * SPAN) / 30) + (r % 7) * 1_234_567;
      const run = await seedRun(db, { clientId }, new Date(startedAt));
      for (let i = 0; i < 8; i++) {
        // Steps up to ~40 days after their run's start: many land in another month.
        const at = startedAt + (((r * 8 + i) * 3_917_123_457) % (40 * 86_400_000));
        await recordStep(
          db,
          run.runId,
          {
            stepId: `s${i}`,
            model: i % 2 ? "gpt-4o" : "claude-sonnet-4-5",
            usage: { input_tokens: 1000 + r * 13 + i, output_tokens: 200 + i },
            ...(i === 3 ? { costUsd: `0.0${r % 10}1234567` } : {}),
          },
          { now: new Date(at) },
        );
      }
      if (r % 3 === 1) await transitionRun(db, run.runId, "completed");
      else if (r % 5 === 2) await transitionRun(db, run.runId, "failed", { errorMessage: "x" });
      // Half folded into the rollups, half not: answers add both.
      if (r === 14) await foldAnalyticsRollups(db);
    }
  }, 180_000);
  afterAll(async () => {
    await db?.close();
  });

  async function compareAll() {
    for (const [name, from, to] of RANGES) {
      const expected = await ledgerSpend(db, from, to);
      const answer = await spendByClient(db, { from, to });
      const actual = answer
        .map(({ clientId, costExact, runs, completedRuns, failedRuns }) => ({
          clientId,
          costExact,
          runs,
          completedRuns,
          failedRuns,
        }))
        .sort((a, b) => a.clientId.localeCompare(b.clientId));
      expect(actual.length, name).toBeGreaterThan(0);
      expect(
        actual.map((row) => ({ ...row, costExact: decimal(row.costExact) })),
        name,
      ).toEqual(expected.map((row) => ({ ...row, costExact: decimal(String(row.costExact)) })));
      // Exactly, not as floats: the decimal strings agree digit for digit once normalized.
      for (const [index, row] of actual.entries()) {
        const oracle = String(expected[index]?.costExact);
        expect(row.costExact.replace(/\.?0+$/, ""), name).toBe(oracle.replace(/\.?0+$/, ""));
      }
      const summary = await costSummary(db, { from, to });
      const completed = await ledgerCompleted(db, from, to);
      expect(summary.runCount, name).toBe(completed?.runCount);
      expect(decimal(summary.totalCost), name).toBe(decimal(String(completed?.totalCost)));
    }
    const all = await costSummary(db);
    const completed = await ledgerCompleted(db);
    expect(all.runCount).toBe(completed?.runCount);
    expect(decimal(all.totalCost)).toBe(decimal(String(completed?.totalCost)));
  }

  it("spend by client and cost summary equal the ledger over ranges of whole months", async () => {
    await compareAll();
    const [months] = await rows(
      db,
      sql`SELECT (SELECT count(*) FROM v2_step_rollups WHERE grain = 'month')::int AS steps,
                 (SELECT count(*) FROM v2_run_rollups WHERE grain = 'month')::int AS runs`,
    );
    expect(months?.steps).toBeGreaterThan(0);
    expect(months?.runs).toBeGreaterThan(0);
  });

  it("answers the same once everything is folded, and a year reads month rows", async () => {
    await foldAnalyticsRollups(db);
    await compareAll();
    // A month row is the sum of its days: what the fold wrote for each grain agrees.
    const mismatched = await rows(
      db,
      sql`SELECT m.dimension, m.client_id, m.bucket, m.grp
            FROM v2_step_rollups AS m
            LEFT JOIN (SELECT dimension, client_id, date_trunc('month', bucket, 'UTC') AS bucket, grp,
                              sum(step_count) AS n, sum(cost) AS cost
                         FROM v2_step_rollups WHERE grain = 'day' GROUP BY 1, 2, 3, 4) AS d
              ON d.dimension = m.dimension AND d.client_id = m.client_id AND d.bucket = m.bucket
             AND d.grp IS NOT DISTINCT FROM m.grp
           WHERE m.grain = 'month' AND (d.n IS DISTINCT FROM m.step_count OR d.cost IS DISTINCT FROM m.cost)`,
    );
    expect(mismatched).toEqual([]);
  });

  it("rebuilding from the ledger gives the same month rows as the folds", async () => {
    // (A fold can leave a row at zero, where a run moved out of a status; a rebuild has none.)
    const monthRows = sql`SELECT 'step' AS kind, dimension || '/' || client_id || '/' || coalesce(grp, '') AS k,
                                 bucket, step_count::text AS n, cost::text AS v
                            FROM v2_step_rollups WHERE grain = 'month' AND step_count <> 0
                          UNION ALL
                          SELECT 'run', client_id || '/' || status, bucket, runs::text, total_cost::text
                            FROM v2_run_rollups WHERE grain = 'month' AND runs <> 0
                          ORDER BY 1, 2, 3`;
    const folded = await rows(db, monthRows);
    await rows(db, sql`SELECT rebuild_analytics_rollups()`);
    const rebuilt = await rows(db, monthRows);
    const normalize = (list: Record<string, unknown>[]) =>
      list.map((row) => ({ ...row, v: decimal(String(row.v)) }));
    expect(normalize(rebuilt)).toEqual(normalize(folded));
    expect(folded.length).toBeGreaterThan(10);
  });
});
