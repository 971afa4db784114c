import { beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  expectError,
  expectStatus,
  issuePaths,
  pricedRun,
  type RunJson,
} from "../fixtures";
import type { TestApi } from "../harness";
import type { SuiteEnv } from "./suite-env";

interface RunPage {
  items: RunJson[];
  next_cursor: string | null;
}

/** runs.list for the runs page: cost bounds, search, sort by start or cost, cursors per sort. */
export function runsPageSuite(env: SuiteEnv): void {
  describe("the runs page's listing (GET /runs)", () => {
    let api: TestApi;
    let clientId: string;
    let made: RunJson[];
    const list = async (params: Record<string, string>) =>
      expectStatus(await api.rest<RunPage>("GET", `/runs?${new URLSearchParams(params)}`), 200);
    /** Every page, following next_cursor. */
    const all = async (params: Record<string, string>) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: RunPage = await list({ ...params, ...(cursor ? { cursor } : {}) });
        ids.push(...page.items.map((run) => run.run_id));
        cursor = page.next_cursor;
      } while (cursor);
      return ids;
    };
    const ids = (...indexes: number[]) => indexes.map((index) => made[index]?.run_id);

    beforeAll(async () => {
      api = env.api;
      clientId = await createClient(api);
      // Runs of 2030-07-04 (no other test uses 2030): gpt-4o 1000/500 costs 0.0075 a step.
      const stepsPerRun = [3, 1, 2, 1, 0];
      made = [];
      for (const [index, count] of stepsPerRun.entries()) {
        const steps = Array.from({ length: count }, () => ({
          model: "gpt-4o",
          input: 1000,
          output: 500,
        }));
        made.push(await pricedRun(api, clientId, steps, { runId: `RUN_20300704_12000${index}` }));
      }
    });

    it("sorts by total_cost or started_at, either order, across pages", async () => {
      const byClient = { client_id: clientId, limit: "2" };
      expect(await all({ ...byClient, sort: "total_cost" })).toEqual(ids(0, 2, 3, 1, 4));
      expect(await all({ ...byClient, sort: "total_cost", order: "asc" })).toEqual(
        ids(4, 1, 3, 2, 0),
      );
      expect(await all({ ...byClient, order: "asc" })).toEqual(ids(0, 1, 2, 3, 4));
      expect(await all(byClient)).toEqual(ids(4, 3, 2, 1, 0));
    });

    it("filters on total_cost bounds and finds runs by run_id or dossier_id", async () => {
      const byClient = { client_id: clientId };
      expect(await all({ ...byClient, min_cost: "0.0075", max_cost: "0.015" })).toEqual(
        ids(3, 2, 1),
      );
      expect(await all({ ...byClient, min_cost: "0.02" })).toEqual(ids(0));
      expect(await all({ q: "RUN_20300704" })).toEqual(ids(4, 3, 2, 1, 0));
      expect(await all({ q: "run_20300704_120002" })).toEqual(ids(2));
      const dossier = made[1]?.dossier_id ?? "";
      expect(await all({ q: dossier })).toEqual(ids(1));
      expect(await all({ q: dossier.slice(0, "DOSS_20300704".length), ...byClient })).toHaveLength(
        5,
      );
    });

    it("answers 400 for a cursor of another sort, a bad q, cost bounds and sort", async () => {
      const page = await list({ client_id: clientId, sort: "total_cost", limit: "1" });
      const mismatch = expectError(
        await api.rest("GET", `/runs?client_id=${clientId}&cursor=${page.next_cursor}`),
        400,
        "VALIDATION",
      );
      expect(mismatch.issues?.[0]?.message).toMatch(
        /sort=total_cost&order=desc, not sort=started_at&order=desc/,
      );
      const cases: [string, string][] = [
        ["q=RUN_2030%25", "q"],
        ["min_cost=-1", "min_cost"],
        ["max_cost=1e3", "max_cost"],
        ["min_cost=0.2&max_cost=0.10", "min_cost"],
        ["sort=cost", "sort"],
        ["order=up", "order"],
      ];
      for (const [query, path] of cases) {
        const error = expectError(await api.rest("GET", `/runs?${query}`), 400, "VALIDATION");
        expect(issuePaths(error), query).toEqual([path]);
      }
    });

    it("takes the same filters over tRPC", async () => {
      const page = await api.trpc().runs.list.query({
        client_id: clientId,
        q: "RUN_20300704",
        min_cost: "0.01",
        sort: "total_cost",
        order: "asc",
      });
      expect(page.items.map((run) => run.run_id)).toEqual(ids(2, 0));
    });
  });
}
