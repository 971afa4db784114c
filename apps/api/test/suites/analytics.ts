import { beforeAll, describe, expect, it } from "vitest";
import {
  addDays,
  createClient,
  expectError,
  expectStatus,
  freshInstant,
  issuePaths,
  pricedRun,
  type RunJson,
  recordStep,
  runIdAt,
  usage,
} from "../fixtures";
import type { TestApi } from "../harness";
import type { SuiteEnv } from "./suite-env";

interface CostSummary {
  run_count: number;
  total_tokens: number;
  total_cost: string;
  avg_tokens: string | null;
  avg_cost: string | null;
  p50_cost: string | null;
  p95_cost: string | null;
}
interface TopRun {
  run_id: string;
  client_id: string;
  status: string;
  total_tokens: number;
  total_cost: string;
}
interface LedgerRow {
  step_count: number;
  tokens: number;
  cost: string;
  cost_exact: string;
  unpriced_steps: number;
}
type ModelRow = LedgerRow & { model: string | null };
type DayRow = LedgerRow & { day: string };

const GPT = { model: "gpt-4o", input: 1000, output: 500 }; // 0.0075
const CLAUDE = { model: "claude-sonnet-4-5", input: 1000, output: 500 }; // 0.0105

const EMPTY_SUMMARY: CostSummary = {
  run_count: 0,
  total_tokens: 0,
  total_cost: "0.0000",
  avg_tokens: null,
  avg_cost: null,
  p50_cost: null,
  p95_cost: null,
};

export function analyticsSuite(env: SuiteEnv): void {
  describe("analytics over REST", () => {
    let api: TestApi;
    beforeAll(() => {
      api = env.api;
    });

    const get = async <T>(path: string) => expectStatus(await api.rest<T>("GET", path), 200);

    /**
     * One client's ledger, with steps recorded on two UTC days:
     *   R1 completed, started day 0: gpt-4o (0.0075) + an unpriced step of 10 tokens, on day A
     *   R2 completed, started day 1: claude (0.0105), at the first instant of day B
     *   R3 completed, started day 2: gpt-4o + claude (0.0180), at the last millisecond of day B
     *   R4 failed,    started day 3: gpt-4o (0.0075), on day A
     *   R5 running,   started day 4: claude (0.0105), on day A
     */
    describe("over one client's runs", () => {
      let clientId: string;
      let base: Date;
      const runs: Record<string, RunJson> = {};
      const dayA = "2031-03-10";
      const dayB = "2031-03-11";
      const id = (name: string) => runs[name]?.run_id;

      beforeAll(async () => {
        clientId = await createClient(api);
        base = freshInstant();
        const runId = (day: number) => runIdAt(addDays(base, day));
        try {
          api.setNow(new Date(`${dayA}T10:00:00Z`));
          const r1 = await pricedRun(api, clientId, [GPT], { runId: runId(0), finish: null });
          await recordStep(api, r1.run_id, { step_id: "unpriced", usage: usage(5, 5) });
          runs.r1 = expectStatus(
            await api.rest<RunJson>("POST", `/runs/${r1.run_id}/complete`),
            200,
          );
          runs.r4 = await pricedRun(api, clientId, [GPT], { runId: runId(3), finish: "fail" });
          runs.r5 = await pricedRun(api, clientId, [CLAUDE], { runId: runId(4), finish: null });
          api.setNow(new Date(`${dayB}T00:00:00.000Z`));
          runs.r2 = await pricedRun(api, clientId, [CLAUDE], { runId: runId(1) });
          api.setNow(new Date(`${dayB}T23:59:59.999Z`));
          runs.r3 = await pricedRun(api, clientId, [GPT, CLAUDE], { runId: runId(2) });
        } finally {
          api.setNow(null);
        }
        // Another client's completed run must never count.
        await pricedRun(api, await createClient(api), [GPT, GPT]);
      });

      const day = (n: number) => encodeURIComponent(addDays(base, n).toISOString());

      it("sets up the runs it reasons about", () => {
        expect(runs.r1).toMatchObject({
          status: "completed",
          total_tokens: 1510,
          total_cost: "0.0075",
        });
        expect(runs.r2).toMatchObject({
          status: "completed",
          total_tokens: 1500,
          total_cost: "0.0105",
        });
        expect(runs.r3).toMatchObject({
          status: "completed",
          total_tokens: 3000,
          total_cost: "0.0180",
        });
        expect(runs.r4).toMatchObject({ status: "failed", total_cost: "0.0075" });
        expect(runs.r5).toMatchObject({ status: "running", total_cost: "0.0105" });
      });

      it("summarises completed runs by default", async () => {
        const summary = await get<CostSummary>(`/analytics/cost-summary?client_id=${clientId}`);
        expect(summary).toEqual({
          run_count: 3,
          total_tokens: 6010,
          total_cost: "0.0360",
          avg_tokens: "2003.33",
          avg_cost: "0.0120",
          p50_cost: "0.0105",
          // 0.0105 + 0.9 x (0.0180 - 0.0105) = 0.01725, rounded half away from zero.
          p95_cost: "0.0173",
        });
      });

      it("summarises another status when asked", async () => {
        expect(
          await get<CostSummary>(`/analytics/cost-summary?client_id=${clientId}&status=failed`),
        ).toEqual({
          run_count: 1,
          total_tokens: 1500,
          total_cost: "0.0075",
          avg_tokens: "1500.00",
          avg_cost: "0.0075",
          p50_cost: "0.0075",
          p95_cost: "0.0075",
        });
        expect(
          await get<CostSummary>(`/analytics/cost-summary?client_id=${clientId}&status=running`),
        ).toMatchObject({ run_count: 1, total_cost: "0.0105" });
        expect(
          await get<CostSummary>(`/analytics/cost-summary?client_id=${clientId}&status=pending`),
        ).toEqual(EMPTY_SUMMARY);
      });

      it("filters on started_at: from inclusive, to exclusive", async () => {
        const fromDay1 = await get<CostSummary>(
          `/analytics/cost-summary?client_id=${clientId}&from=${day(1)}`,
        );
        expect(fromDay1).toEqual({
          run_count: 2,
          total_tokens: 4500,
          total_cost: "0.0285",
          avg_tokens: "2250.00",
          avg_cost: "0.0143",
          p50_cost: "0.0143",
          p95_cost: "0.0176",
        });
        expect(
          await get<CostSummary>(`/analytics/cost-summary?client_id=${clientId}&to=${day(1)}`),
        ).toMatchObject({ run_count: 1, total_cost: "0.0075" });
        expect(
          await get<CostSummary>(
            `/analytics/cost-summary?client_id=${clientId}&from=${day(0)}&to=${day(2)}`,
          ),
        ).toMatchObject({ run_count: 2, total_cost: "0.0180", total_tokens: 3010 });
      });

      it("lists the most expensive runs first", async () => {
        const top = await get<TopRun[]>(`/analytics/top-runs?client_id=${clientId}`);
        const row = (name: string, total_tokens: number, total_cost: string) => ({
          run_id: id(name),
          client_id: clientId,
          status: "completed",
          total_tokens,
          total_cost,
        });
        expect(top).toEqual([
          row("r3", 3000, "0.0180"),
          row("r2", 1500, "0.0105"),
          row("r1", 1510, "0.0075"),
        ]);
        const two = await get<TopRun[]>(`/analytics/top-runs?client_id=${clientId}&limit=2`);
        expect(two.map((run) => run.run_id)).toEqual([id("r3"), id("r2")]);
        const failed = await get<TopRun[]>(
          `/analytics/top-runs?client_id=${clientId}&status=failed`,
        );
        expect(failed.map((run) => run.run_id)).toEqual([id("r4")]);
        const early = await get<TopRun[]>(`/analytics/top-runs?client_id=${clientId}&to=${day(2)}`);
        expect(early.map((run) => run.run_id)).toEqual([id("r2"), id("r1")]);
      });

      it("breaks the step ledger down by model", async () => {
        const rows = await get<ModelRow[]>(`/analytics/cost-by-model?client_id=${clientId}`);
        expect(rows).toEqual([
          {
            model: "claude-sonnet-4-5",
            step_count: 2,
            tokens: 3000,
            cost: "0.0210",
            cost_exact: "0.021",
            unpriced_steps: 0,
          },
          {
            model: "gpt-4o",
            step_count: 2,
            tokens: 3000,
            cost: "0.0150",
            cost_exact: "0.015",
            unpriced_steps: 0,
          },
          {
            model: null,
            step_count: 1,
            tokens: 10,
            cost: "0.0000",
            cost_exact: "0",
            unpriced_steps: 1,
          },
        ]);
        const failed = await get<ModelRow[]>(
          `/analytics/cost-by-model?client_id=${clientId}&status=failed`,
        );
        expect(failed).toEqual([
          {
            model: "gpt-4o",
            step_count: 1,
            tokens: 1500,
            cost: "0.0075",
            cost_exact: "0.0075",
            unpriced_steps: 0,
          },
        ]);
        const fromDay2 = await get<ModelRow[]>(
          `/analytics/cost-by-model?client_id=${clientId}&from=${day(2)}`,
        );
        expect(fromDay2.map((row) => [row.model, row.step_count])).toEqual([
          ["claude-sonnet-4-5", 1],
          ["gpt-4o", 1],
        ]);
      });

      it("breaks the step ledger down by UTC day of recording", async () => {
        const rows = await get<DayRow[]>(`/analytics/cost-by-day?client_id=${clientId}`);
        expect(rows).toEqual([
          {
            day: dayA,
            step_count: 2,
            tokens: 1510,
            cost: "0.0075",
            cost_exact: "0.0075",
            unpriced_steps: 1,
          },
          {
            day: dayB,
            step_count: 3,
            tokens: 4500,
            cost: "0.0285",
            cost_exact: "0.0285",
            unpriced_steps: 0,
          },
        ]);
        const running = await get<DayRow[]>(
          `/analytics/cost-by-day?client_id=${clientId}&status=running`,
        );
        expect(running).toEqual([
          {
            day: dayA,
            step_count: 1,
            tokens: 1500,
            cost: "0.0105",
            cost_exact: "0.0105",
            unpriced_steps: 0,
          },
        ]);
      });
    });

    it("returns 10 top runs by default, ties in run_id order, and at most 100", async () => {
      const clientId = await createClient(api);
      const base = freshInstant();
      const runIds: string[] = [];
      for (let i = 0; i < 12; i++) {
        const run = await pricedRun(api, clientId, [], { runId: runIdAt(addDays(base, i)) });
        runIds.push(run.run_id);
      }
      const top = await get<TopRun[]>(`/analytics/top-runs?client_id=${clientId}`);
      expect(top.map((run) => run.run_id)).toEqual([...runIds].sort().slice(0, 10));
      expect(
        await get<TopRun[]>(`/analytics/top-runs?client_id=${clientId}&limit=100`),
      ).toHaveLength(12);
      for (const limit of ["0", "101", "x"]) {
        const error = expectError(
          await api.rest("GET", `/analytics/top-runs?client_id=${clientId}&limit=${limit}`),
          400,
          "VALIDATION",
        );
        expect(issuePaths(error)).toEqual(["limit"]);
      }
    });

    it("answers an empty summary and empty breakdowns for a client without runs", async () => {
      const clientId = await createClient(api);
      expect(await get<CostSummary>(`/analytics/cost-summary?client_id=${clientId}`)).toEqual(
        EMPTY_SUMMARY,
      );
      for (const path of ["top-runs", "cost-by-model", "cost-by-day"]) {
        expect(await get(`/analytics/${path}?client_id=${clientId}`)).toEqual([]);
      }
    });

    it("answers 400 naming bad filters", async () => {
      const cases: [string, string][] = [
        ["status=done", "status"],
        ["from=last-week", "from"],
        ["to=2026-13-01", "to"],
        ["client_id=no%20spaces", "client_id"],
        ["group_by=model", "group_by"],
      ];
      for (const path of ["cost-summary", "top-runs", "cost-by-model", "cost-by-day"]) {
        for (const [query, field] of cases) {
          const error = expectError(
            await api.rest("GET", `/analytics/${path}?${query}`),
            400,
            "VALIDATION",
          );
          expect(issuePaths(error), `${path}?${query}`).toEqual([field]);
        }
      }
    });
  });
}
