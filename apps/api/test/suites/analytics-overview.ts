import { beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  expectError,
  expectStatus,
  issuePaths,
  pricedRun,
  type RunJson,
  recordStep,
  runIdAt,
  usage,
} from "../fixtures";
import type { TestApi } from "../harness";
import type { SuiteEnv } from "./suite-env";

const GPT = { model: "gpt-4o", input: 1000, output: 500 }; // 0.0075
const CLAUDE = { model: "claude-sonnet-4-5", input: 1000, output: 500 }; // 0.0105
const UNKNOWN = "acme-finetune-v2";
const ZONE = "America/New_York"; // UTC-5 in January

interface SeriesRow {
  day: string;
  group: string | null;
  step_count: number;
  tokens: number;
  cost: string;
  cost_exact: string;
  unpriced_steps: number;
}

/**
 * The dashboard's analytics over REST and tRPC, on one fresh client in a January of its own
 * (a random year, so other suites' steps never fall in its ranges), in New York time; runs
 * start at their run_id's second:
 *   r1 completed, gpt-4o (0.0075), started and recorded at 23:59:59.999 local on day D
 *   r2 failed, claude (0.0105), at 00:00:00.000 local on D+1
 *   r3 running, two unpriced steps of an unknown model, at 12:00 local on D+1
 */
export function analyticsOverviewSuite(env: SuiteEnv): void {
  describe("dashboard analytics over REST and tRPC", () => {
    let api: TestApi;
    let clientId: string;
    const runs: Record<string, RunJson> = {};
    const year = 2035 + Math.floor(Math.random() * 60);
    const dayD = `${year}-01-14`;
    const dayNext = `${year}-01-15`;
    const range = `from=${year}-01-14T05:00:00Z&to=${year}-01-16T05:00:00Z`;
    const get = async <T>(path: string) => expectStatus(await api.rest<T>("GET", path), 200);

    beforeAll(async () => {
      api = env.api;
      clientId = await createClient(api);
      try {
        api.setNow(new Date(`${year}-01-15T04:59:59.999Z`));
        const runId = (at: string) => ({ runId: runIdAt(new Date(at)) });
        runs.r1 = await pricedRun(api, clientId, [GPT], runId(`${year}-01-15T04:59:59.999Z`));
        api.setNow(new Date(`${year}-01-15T05:00:00.000Z`));
        runs.r2 = await pricedRun(api, clientId, [CLAUDE], {
          ...runId(`${year}-01-15T05:00:00.000Z`),
          finish: "fail",
        });
        api.setNow(new Date(`${year}-01-15T17:00:00.000Z`));
        runs.r3 = await pricedRun(api, clientId, [], {
          ...runId(`${year}-01-15T17:00:00.000Z`),
          finish: null,
        });
        for (const stepId of ["classify", "score"]) {
          await recordStep(api, runs.r3?.run_id ?? "", {
            step_id: stepId,
            step_name: "Classify the lead",
            model: UNKNOWN,
            usage: usage(300, 20),
          });
        }
      } finally {
        api.setNow(null);
      }
    });

    it("cost-series: a step at 23:59:59.999 local is on that day, grouped as asked", async () => {
      const base = `/analytics/cost-series?${range}&client_id=${clientId}`;
      const byModel = await get<SeriesRow[]>(`${base}&time_zone=${ZONE}`);
      expect(byModel).toEqual(
        [
          {
            day: dayD,
            group: "gpt-4o",
            step_count: 1,
            tokens: 1500,
            cost: "0.0075",
            cost_exact: "0.0075",
            unpriced_steps: 0,
          },
          {
            day: dayNext,
            group: UNKNOWN,
            step_count: 2,
            tokens: 640,
            cost: "0.0000",
            cost_exact: "0",
            unpriced_steps: 2,
          },
          {
            day: dayNext,
            group: "claude-sonnet-4-5",
            step_count: 1,
            tokens: 1500,
            cost: "0.0105",
            cost_exact: "0.0105",
            unpriced_steps: 0,
          },
        ].sort((a, b) => `${a.day}${a.group}`.localeCompare(`${b.day}${b.group}`)),
      );
      // In UTC the first step is already on D+1: everything is on one day.
      const utc = await get<SeriesRow[]>(`${base}&group_by=client`);
      expect(utc).toEqual([
        {
          day: dayNext,
          group: clientId,
          step_count: 4,
          tokens: 3640,
          cost: "0.0180",
          cost_exact: "0.018",
          unpriced_steps: 2,
        },
      ]);
      const byName = await get<SeriesRow[]>(`${base}&group_by=step_name&time_zone=${ZONE}`);
      expect(byName.map((row) => [row.day, row.group, row.step_count])).toEqual([
        [dayD, null, 1],
        [dayNext, "Classify the lead", 2],
        [dayNext, null, 1],
      ]);
      const trpc = await api.trpc().analytics.costSeries.query({
        from: `${year}-01-14T05:00:00Z`,
        to: `${year}-01-16T05:00:00Z`,
        time_zone: ZONE,
        client_id: clientId,
      });
      expect(trpc).toEqual(byModel);
    });

    it("spend-periods: today and yesterday in the zone, for one client", async () => {
      const periods = await get<
        {
          period: string;
          from: string;
          cost: string;
          step_count: number;
          previous: { cost: string; from: string };
        }[]
      >(
        `/analytics/spend-periods?time_zone=${ZONE}&at=${year}-01-15T17:00:00Z&client_id=${clientId}`,
      );
      expect(periods.map((period) => period.period)).toEqual([
        "today",
        "last_7_days",
        "last_30_days",
        "month_to_date",
      ]);
      expect(periods[0]).toMatchObject({
        from: `${year}-01-15T05:00:00.000Z`,
        to: `${year}-01-16T05:00:00.000Z`,
        cost: "0.0105",
        cost_exact: "0.0105",
        step_count: 3,
        unpriced_steps: 2,
        previous: { from: `${year}-01-14T05:00:00.000Z`, cost: "0.0075", step_count: 1 },
      });
      expect(periods[1]).toMatchObject({
        cost: "0.0180",
        step_count: 4,
        previous: { cost: "0.0000" },
      });
      expect(periods[3]).toMatchObject({ from: `${year}-01-01T05:00:00.000Z`, cost: "0.0180" });
    });

    it("spend-by-client: spend, runs and the average completed run", async () => {
      const clients = await get<Record<string, unknown>[]>(`/analytics/spend-by-client?${range}`);
      expect(clients.find((client) => client.client_id === clientId)).toEqual({
        client_id: clientId,
        name: expect.any(String),
        cost: "0.0180",
        cost_exact: "0.018",
        runs: 3,
        completed_runs: 1,
        failed_runs: 1,
        average_run_cost: "0.0075",
      });
    });

    it("runs-by-status: runs by local day of start and the failure rate", async () => {
      const answer = await get(
        `/analytics/runs-by-status?${range}&time_zone=${ZONE}&client_id=${clientId}`,
      );
      expect(answer).toEqual({
        days: [
          { day: dayD, pending: 0, running: 0, completed: 1, failed: 0 },
          { day: dayNext, pending: 0, running: 1, completed: 0, failed: 1 },
        ],
        totals: { pending: 0, running: 1, completed: 1, failed: 1 },
        failure_rate: 0.5,
      });
      const utc = await get<{ days: unknown[] }>(
        `/analytics/runs-by-status?${range}&client_id=${clientId}`,
      );
      expect(utc.days).toHaveLength(1);
    });

    it("unpriced-steps: newest first, why, a total and pages", async () => {
      type Page = { total: number; steps: Record<string, unknown>[]; next_cursor: string | null };
      const first = await get<Page>(`/analytics/unpriced-steps?${range}&limit=1`);
      expect(first.total).toBe(2);
      expect(first.steps).toEqual([
        {
          run_id: runs.r3?.run_id,
          step_id: "score",
          step_name: "Classify the lead",
          model: UNKNOWN,
          provider: null,
          reason: expect.stringContaining(UNKNOWN),
          recorded_at: `${year}-01-15T17:00:00.000Z`,
        },
      ]);
      const second = await get<Page>(
        `/analytics/unpriced-steps?${range}&limit=1&cursor=${first.next_cursor}`,
      );
      expect(second.steps.map((step) => step.step_id)).toEqual(["classify"]);
      expect(second.next_cursor).toBeNull();
    });

    it("answers 400 naming the field: unknown zone, bad group, missing or reversed range, bad cursor", async () => {
      const cases: [string, string][] = [
        [`cost-series?${range}&time_zone=Mars/Olympus`, "time_zone"],
        [`cost-series?${range}&time_zone=UTC%2B3`, "time_zone"],
        [`cost-series?${range}&group_by=day`, "group_by"],
        [`cost-series?to=${year}-01-16`, "from"],
        [`cost-series?from=${year}-01-16&to=${year}-01-14`, "to"],
        [`spend-periods?time_zone=Nowhere`, "time_zone"],
        [`spend-by-client?from=${year}-01-14`, "to"],
        [`runs-by-status?${range}&status=failed`, "status"],
        [`unpriced-steps?cursor=not-a-cursor`, "cursor"],
        [`unpriced-steps?limit=501`, "limit"],
      ];
      for (const [query, field] of cases) {
        const error = expectError(await api.rest("GET", `/analytics/${query}`), 400, "VALIDATION");
        expect(issuePaths(error), query).toEqual([field]);
      }
    });
  });
}
