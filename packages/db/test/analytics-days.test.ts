import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Client,
  type CostSeriesGroup,
  costSeries,
  costSummary,
  foldAnalyticsRollups,
  recordStep,
  runsByStatus,
  spendPeriods,
  transitionRun,
} from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { expectDomainError, rows, seedClient, seedRun } from "./helpers";

const ZONES = [
  "UTC",
  "Europe/Paris",
  "America/New_York",
  "Asia/Kolkata", // +05:30: day edges inside an hour, read from the ledger
  "Asia/Kathmandu", // +05:45
  "Australia/Lord_Howe", // a 30-minute DST shift
  "Pacific/Chatham", // +12:45 / +13:45
];
const GROUPS: CostSeriesGroup[] = ["model", "client", "step_name"];
const MODELS = ["gpt-4o", "claude-sonnet-4-5", "no-such-model", null];
// 2030-03-31: Paris and London move to summer time (a 23-hour day in Paris).
const START = Date.UTC(2030, 2, 29, 0, 0, 0);
const SPAN = 5 * 86_400_000;

const ledgerKey: Record<CostSeriesGroup, SQL> = {
  model: sql`s.model`,
  client: sql`r.client_id`,
  step_name: sql`s.step_name`,
};

/** The oracle: the ledger grouped by local day with AT TIME ZONE, no rollups. */
function ledgerSeries(
  from: Date,
  to: Date,
  zone: string,
  group: CostSeriesGroup,
  clientId?: string,
) {
  return sql`
    SELECT to_char((s.recorded_at AT TIME ZONE ${zone}::text)::date, 'YYYY-MM-DD') AS day,
           ${ledgerKey[group]} AS "group", count(*)::int AS "stepCount", sum(s.tokens)::int AS tokens,
           round(coalesce(sum(s.cost), 0), 4)::text AS cost, coalesce(sum(s.cost), 0)::text AS "costExact",
           count(*) FILTER (WHERE s.cost_source = 'unpriced')::int AS "unpricedSteps"
      FROM v2_run_steps AS s JOIN v2_runs AS r USING (run_id)
     WHERE s.recorded_at >= ${from.toISOString()}::timestamptz
       AND s.recorded_at < ${to.toISOString()}::timestamptz
       ${clientId === undefined ? sql`` : sql`AND r.client_id = ${clientId}`}
     GROUP BY 1, 2 ORDER BY 1, 2 NULLS LAST`;
}

describe.each(testEngines())("analytics by local day (%s)", (engine) => {
  let db: TestDb;
  let clients: Client[];

  beforeAll(async () => {
    db = await openTestDb(engine);
    clients = [await seedClient(db), await seedClient(db)];
    for (let r = 0; r < 10; r++) {
      const clientId = clients[r % 2]?.clientId ?? "";
      const run = await seedRun(db, { clientId }, new Date(START + r * 40_123_457));
      for (let i = 0; i < 30; i++) {
        const at = START + (((r * 30 + i) * 1_447_317_011) % SPAN);
        const model = MODELS[(r + i) % MODELS.length] ?? null;
        await recordStep(
          db,
          run.runId,
          {
            stepId: `s${i}`,
            stepName: i % 3 ? `name${i % 3}` : null,
            model,
            usage: { input_tokens: 100 + i * 7, output_tokens: 20 + r },
            ...(i % 5 === 0 ? { costUsd: `0.00${i % 10}13` } : {}),
          },
          { now: new Date(at) },
        );
      }
      if (r % 3 === 1) await transitionRun(db, run.runId, "completed");
      if (r % 3 === 2) await transitionRun(db, run.runId, "failed", { errorMessage: "x" });
      // Half the steps and run changes folded into the rollups, half not: every answer below
      // adds both (a last test folds the rest and asks again).
      if (r === 4) expect((await foldAnalyticsRollups(db)).stepsFolded).toBe(150);
    }
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  /** costSeries against the ledger in every zone, group and range: the rows compared. */
  async function compareSeries(): Promise<number> {
    let compared = 0;
    for (const [z, zone] of ZONES.entries()) {
      for (const [g, group] of GROUPS.entries()) {
        // Ranges starting and ending mid-hour, mid-minute: edges read from the ledger.
        const from = new Date(START + ((z * 7 + g) % 5) * 3_600_000 + 37 * 60_000 + 123);
        const to = new Date(START + SPAN - ((z + g * 3) % 4) * 3_599_999);
        const clientId = (z + g) % 2 ? clients[0]?.clientId : undefined;
        const expected = await rows(db, ledgerSeries(from, to, zone, group, clientId));
        const actual = await costSeries(db, {
          from,
          to,
          timeZone: zone,
          groupBy: group,
          ...(clientId ? { clientId } : {}),
        });
        expect(actual.length).toBeGreaterThan(0);
        expect(actual, `${zone} ${group}`).toEqual(expected);
        compared += actual.length;
      }
    }
    return compared;
  }

  it("cost-series equals the ledger grouped by local day, in every zone, group and range", async () => {
    expect(await compareSeries()).toBeGreaterThan(100);
  });

  it("a step at 23:59:59.999 local belongs to that day; a DST day has 23 hours", async () => {
    const run = await seedRun(db, { clientId: clients[0]?.clientId ?? "" }, new Date(START));
    const edge = async (stepId: string, at: string) =>
      recordStep(
        db,
        run.runId,
        { stepId, model: "edge-model", usage: { input_tokens: 1, output_tokens: 0 } },
        { now: new Date(at) },
      );
    await edge("last-ms", "2030-03-31T21:59:59.999Z"); // 23:59:59.999 CEST, 31 March
    await edge("next-day", "2030-03-31T22:00:00.000Z"); // 00:00 CEST, 1 April
    await edge("first-ms", "2030-03-30T23:00:00.000Z"); // 00:00 CET, 31 March
    const series = await costSeries(db, {
      from: new Date("2030-03-30T12:00:00Z"),
      to: new Date("2030-04-01T12:00:00Z"),
      timeZone: "Europe/Paris",
      clientId: clients[0]?.clientId ?? "",
    });
    const edgeDays = series.filter((row) => row.group === "edge-model");
    expect(edgeDays.map((row) => [row.day, row.stepCount])).toEqual([
      ["2030-03-31", 2],
      ["2030-04-01", 1],
    ]);
    const [hours] = await rows(
      db,
      sql`SELECT ('2030-04-01'::timestamp AT TIME ZONE 'Europe/Paris')
               - ('2030-03-31'::timestamp AT TIME ZONE 'Europe/Paris') AS length`,
    );
    expect(String(hours?.length)).toMatch(/23:00:00/);
  });

  it("runs-by-status counts runs by local day of start, as the ledger does", async () => {
    for (const zone of ZONES) {
      const from = new Date(START - 86_400_000);
      const to = new Date(START + SPAN);
      const expected = await rows(
        db,
        sql`SELECT to_char((started_at AT TIME ZONE ${zone}::text)::date, 'YYYY-MM-DD') AS day,
                   status, count(*)::int AS n
              FROM v2_runs WHERE started_at >= ${from.toISOString()}::timestamptz
               AND started_at < ${to.toISOString()}::timestamptz
             GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      const answer = await runsByStatus(db, { from, to, timeZone: zone });
      const flat = answer.days.flatMap(({ day, ...counts }) =>
        Object.entries(counts)
          .filter(([, n]) => n > 0)
          .map(([status, n]) => ({ day, status, n })),
      );
      flat.sort((a, b) => `${a.day}${a.status}`.localeCompare(`${b.day}${b.status}`));
      expect(flat, zone).toEqual(expected);
      const { completed, failed } = answer.totals;
      expect(answer.failureRate).toBe(
        Math.round((failed / (completed + failed)) * 10_000) / 10_000,
      );
    }
  });

  it("spend-periods: whole local days ending with the day of `at`, each with the one before", async () => {
    const at = new Date("2030-04-02T03:00:00Z"); // 05:00 on 2 April in Paris
    const periods = await spendPeriods(db, { at, timeZone: "Europe/Paris" });
    const byName = Object.fromEntries(periods.map((period) => [period.period, period]));
    expect(byName.today?.from.toISOString()).toBe("2030-04-01T22:00:00.000Z");
    expect(byName.today?.to.toISOString()).toBe("2030-04-02T22:00:00.000Z");
    expect(byName.today?.previous.from.toISOString()).toBe("2030-03-31T22:00:00.000Z");
    expect(byName.last_7_days?.from.toISOString()).toBe("2030-03-26T23:00:00.000Z");
    expect(byName.last_7_days?.previous.to.toISOString()).toBe("2030-03-26T23:00:00.000Z");
    expect(byName.month_to_date?.from.toISOString()).toBe("2030-03-31T22:00:00.000Z");
    // Two days of April so far: the previous period is 1-2 March.
    expect(byName.month_to_date?.previous.from.toISOString()).toBe("2030-02-28T23:00:00.000Z");
    expect(byName.month_to_date?.previous.to.toISOString()).toBe("2030-03-02T23:00:00.000Z");
    for (const period of periods) {
      for (const span of [period, period.previous]) {
        const [sum] = await rows(
          db,
          sql`SELECT count(*)::int AS n, round(coalesce(sum(cost), 0), 4)::text AS cost
                FROM v2_run_steps WHERE recorded_at >= ${span.from.toISOString()}::timestamptz
                 AND recorded_at < ${span.to.toISOString()}::timestamptz`,
        );
        expect([span.stepCount, span.cost], period.period).toEqual([sum?.n, sum?.cost]);
      }
    }
    expect(byName.last_30_days?.stepCount).toBeGreaterThan(0);
  });

  it("cost-summary without filters (rollup counts, p50/p95 from the cost index) equals a full pass", async () => {
    for (const status of ["completed", "failed", "running", "pending"] as const) {
      const [oracle] = await rows(
        db,
        sql`SELECT count(*)::int AS n, coalesce(sum(total_tokens), 0)::text AS tokens,
                   round(coalesce(sum(total_cost), 0), 4)::text AS cost,
                   round(avg(total_cost), 4)::text AS avg,
                   round((percentile_cont(0.5) WITHIN GROUP (ORDER BY total_cost::float8))::numeric, 4)::text AS p50,
                   round((percentile_cont(0.95) WITHIN GROUP (ORDER BY total_cost::float8))::numeric, 4)::text AS p95
              FROM v2_runs WHERE status = ${status}`,
      );
      const summary = await costSummary(db, { status });
      expect(
        [summary.runCount, String(summary.totalTokens), summary.totalCost, summary.avgCost],
        status,
      ).toEqual([oracle?.n, oracle?.tokens, oracle?.cost, oracle?.avg]);
      expect([summary.p50Cost, summary.p95Cost], status).toEqual([oracle?.p50, oracle?.p95]);
    }
    expect((await costSummary(db, {})).runCount).toBeGreaterThan(2);
  });

  it("refuses an unknown time zone, POSIX offsets and reversed ranges, naming the field", async () => {
    const range = { from: new Date(START), to: new Date(START + SPAN) };
    for (const timeZone of ["Mars/Olympus", "UTC+3", "", "../etc"]) {
      await expectDomainError(costSeries(db, { ...range, timeZone }), "VALIDATION");
      await expectDomainError(spendPeriods(db, { timeZone }), "VALIDATION");
    }
    await expectDomainError(costSeries(db, { from: range.to, to: range.from }), "VALIDATION");
  });

  it("answers the same once everything is folded, and the rollups alone then hold it all", async () => {
    const before = await costSeries(db, {
      from: new Date(START),
      to: new Date(START + SPAN),
      groupBy: "client",
    });
    const statusRange = { from: new Date(START - 86_400_000), to: new Date(START + SPAN) };
    const statusBefore = await runsByStatus(db, { ...statusRange, timeZone: "Asia/Kolkata" });
    await foldAnalyticsRollups(db);
    const { stepsThrough } = await foldAnalyticsRollups(db);
    const [tail] = await rows(
      db,
      sql`SELECT count(*)::int AS n FROM v2_run_steps WHERE id > ${stepsThrough}`,
    );
    expect(tail?.n).toBe(0);
    const [deltas] = await rows(db, sql`SELECT count(*)::int AS n FROM v2_run_rollup_deltas`);
    expect(deltas?.n).toBe(0);
    expect(await compareSeries()).toBeGreaterThan(100);
    expect(await runsByStatus(db, { ...statusRange, timeZone: "Asia/Kolkata" })).toEqual(
      statusBefore,
    );
    expect(
      await costSeries(db, {
        from: new Date(START),
        to: new Date(START + SPAN),
        groupBy: "client",
      }),
    ).toEqual(before);
  });
});
