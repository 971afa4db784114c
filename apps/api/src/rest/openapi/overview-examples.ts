import * as data from "./example-data";
import type { OperationExamples } from "./examples";

const january = { from: "2026-01-01", to: "2026-02-01" };
const gpt = {
  step_count: 1,
  tokens: 1500,
  cost: "0.0075",
  cost_exact: "0.0075",
  unpriced_steps: 0,
};
const claude = { ...gpt, cost: "0.0105", cost_exact: "0.0105" };
const spend = (from: string, to: string, cost: string, steps: number) => ({
  from,
  to,
  cost,
  cost_exact: cost.replace(/\.?0+$/, ""),
  step_count: steps,
  unpriced_steps: 0,
});

/** The dashboard's analytics (issue 14): the README's Acme runs on 15 January 2026. */
export const overviewExamples: Record<string, OperationExamples> = {
  analyticsCostSeries: {
    parameters: { ...january, time_zone: "Europe/Paris", group_by: "model" },
    responses: {
      "200": [
        { day: "2026-01-15", group: "claude-sonnet-4-5", ...claude },
        {
          day: "2026-01-15",
          group: "gpt-4o",
          ...gpt,
          step_count: 2,
          tokens: 3000,
          cost: "0.0150",
          cost_exact: "0.015",
        },
      ],
    },
  },
  analyticsSpendPeriods: {
    parameters: { time_zone: "America/New_York", at: "2026-01-15T18:30:00Z" },
    responses: {
      "200": [
        {
          period: "today",
          ...spend("2026-01-15T05:00:00.000Z", "2026-01-16T05:00:00.000Z", "0.0255", 3),
          previous: spend("2026-01-14T05:00:00.000Z", "2026-01-15T05:00:00.000Z", "0.0000", 0),
        },
        {
          period: "last_7_days",
          ...spend("2026-01-09T05:00:00.000Z", "2026-01-16T05:00:00.000Z", "0.0255", 3),
          previous: spend("2026-01-02T05:00:00.000Z", "2026-01-09T05:00:00.000Z", "0.0210", 2),
        },
        {
          period: "last_30_days",
          ...spend("2025-12-17T05:00:00.000Z", "2026-01-16T05:00:00.000Z", "0.0465", 5),
          previous: spend("2025-11-17T05:00:00.000Z", "2025-12-17T05:00:00.000Z", "0.0180", 2),
        },
        {
          period: "month_to_date",
          ...spend("2026-01-01T05:00:00.000Z", "2026-01-16T05:00:00.000Z", "0.0465", 5),
          previous: spend("2025-12-01T05:00:00.000Z", "2025-12-16T05:00:00.000Z", "0.0075", 1),
        },
      ],
    },
  },
  analyticsSpendByClient: {
    parameters: january,
    responses: {
      "200": [
        {
          client_id: data.clientId,
          name: "Acme Corp",
          cost: "0.0255",
          cost_exact: "0.0255",
          runs: 2,
          completed_runs: 1,
          failed_runs: 1,
          average_run_cost: "0.0180",
        },
      ],
    },
  },
  analyticsRunsByStatus: {
    parameters: { ...january, time_zone: "Europe/Paris", client_id: data.clientId },
    responses: {
      "200": {
        days: [{ day: "2026-01-15", pending: 0, running: 0, completed: 1, failed: 1 }],
        totals: { pending: 0, running: 0, completed: 1, failed: 1 },
        failure_rate: 0.5,
      },
    },
  },
  analyticsUnpricedSteps: {
    parameters: { ...january, limit: 50 },
    responses: {
      "200": {
        total: 1,
        steps: [
          {
            run_id: data.runId,
            step_id: "classify",
            step_name: "Classify the lead",
            model: "acme-finetune-v2",
            provider: null,
            reason:
              'model "acme-finetune-v2" is not in @pydantic/genai-prices@0.1.8 and no price override matches',
            recorded_at: "2026-01-15T18:14:09.000Z",
          },
        ],
        next_cursor: null,
      },
    },
  },
};
