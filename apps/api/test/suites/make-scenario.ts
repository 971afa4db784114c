import { beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  expectStatus,
  freshInstant,
  getRun,
  type RecordStepJson,
  type RunJson,
  type StepJson,
} from "../fixtures";
import type { TestApi } from "../harness";
import type { SuiteEnv } from "./suite-env";

/** Make.com's formatDate(now, pattern) in UTC, for the two patterns the seed uses. */
function formatDate(at: Date, pattern: "YYYYMMDD_HHmmss" | "YYYYMMDD"): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  const day = `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}`;
  if (pattern === "YYYYMMDD") return day;
  return `${day}_${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}`;
}

export function makeScenarioSuite(env: SuiteEnv): void {
  describe("a Make.com scenario over plain REST", () => {
    let api: TestApi;
    beforeAll(() => {
      api = env.api;
    });

    it("creates a run with its own IDs, records two steps with a retry, completes: totals exact, retries counted once", async () => {
      const clientId = await createClient(api, { tier: "gold", dossier_template: "v2" });
      // The scenario makes its IDs at the start, as the seed's formulas say.
      const now = freshInstant();
      const runId = `RUN_${formatDate(now, "YYYYMMDD_HHmmss")}`;
      const dossierId = `DOSS_${formatDate(now, "YYYYMMDD")}_${1000 + Math.floor(Math.random() * 9000)}`;
      const create = {
        run_id: runId,
        client_id: clientId,
        dossier_id: dossierId,
        status: "running",
        triggered_by: "make.com",
        seed_data: {
          lead_url: "https://example.com/lead/123",
          signal_description: "Series B raised",
        },
      };

      const created = expectStatus(await api.rest<RunJson>("POST", "/runs", create), 201);
      expect(created).toMatchObject({
        run_id: runId,
        dossier_id: dossierId,
        status: "running",
        triggered_by: "make.com",
        started_at: now.toISOString(),
        config_snapshot: { tier: "gold", dossier_template: "v2" },
      });

      // Make.com retries the create module after a timeout: same request, 200, same run.
      const replay = expectStatus(await api.rest<RunJson>("POST", "/runs", create), 200);
      expect(replay).toEqual(created);

      const research = {
        step_id: `${runId}:research`,
        step_name: "Research the lead",
        model: "gpt-4o",
        usage: { input_tokens: 1000, output_tokens: 500 },
      };
      const write = {
        step_id: `${runId}:write`,
        step_name: "Write the dossier",
        model: "claude-sonnet-4-5",
        usage: { input_tokens: 1000, output_tokens: 500 },
      };
      const first = expectStatus(
        await api.rest<RecordStepJson>("POST", `/runs/${runId}/steps`, research),
        201,
      );
      expect(first.run).toMatchObject({ total_tokens: 1500, total_cost: "0.0075" });
      // The HTTP module retries the step: 200, duplicate, totals unchanged.
      const retried = expectStatus(
        await api.rest<RecordStepJson>("POST", `/runs/${runId}/steps`, research),
        200,
      );
      expect(retried).toMatchObject({
        duplicate: true,
        run: { total_tokens: 1500, total_cost: "0.0075" },
      });
      const second = expectStatus(
        await api.rest<RecordStepJson>("POST", `/runs/${runId}/steps`, write),
        201,
      );
      expect(second.run).toMatchObject({ total_tokens: 3000, total_cost: "0.0180" });

      const completed = expectStatus(
        await api.rest<RunJson>("POST", `/runs/${runId}/complete`),
        200,
      );
      expect(completed).toMatchObject({
        status: "completed",
        total_tokens: 3000,
        total_cost: "0.0180",
        total_cost_exact: "0.018",
      });
      // A late retry of the whole scenario's create still answers 200 with the finished run.
      expect(expectStatus(await api.rest<RunJson>("POST", "/runs", create), 200)).toEqual(
        completed,
      );
      // And a late retry of a step is still counted once.
      expectStatus(await api.rest("POST", `/runs/${runId}/steps`, write), 200);

      const stored = await getRun(api, runId);
      expect(stored).toMatchObject({
        status: "completed",
        total_tokens: 3000,
        total_cost: "0.0180",
      });
      const steps = expectStatus(await api.rest<StepJson[]>("GET", `/runs/${runId}/steps`), 200);
      expect(steps.map((step) => [step.step_id, step.cost, step.tokens])).toEqual([
        [research.step_id, "0.0075", 1500],
        [write.step_id, "0.0105", 1500],
      ]);
      const summary = expectStatus(
        await api.rest("GET", `/analytics/cost-summary?client_id=${clientId}`),
        200,
      );
      expect(summary).toMatchObject({ run_count: 1, total_tokens: 3000, total_cost: "0.0180" });
    });
  });
}
