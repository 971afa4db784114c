import { clientId } from "./example-data";
import type { OperationExamples } from "./examples";

/** Sample budgets: Acme's monthly $25 in Paris, 80 % spent on the 15th; a global daily $200. */
export const clientBudget = {
  budget_id: "3c9d2e1f-7a6b-4c5d-9e8f-0a1b2c3d4e5f",
  client_id: clientId,
  period: "month",
  time_zone: "Europe/Paris",
  limit_usd: "25",
  thresholds: [0.5, 0.8, 1],
  action: "block_new_runs",
  period_start: "2025-12-31T23:00:00.000Z",
  period_end: "2026-01-31T23:00:00.000Z",
  spent: "20.0312",
  spent_exact: "20.03124",
  remaining: "4.96876",
  used_fraction: "0.8012",
  forecast: "42.5312",
  step_count: 1284,
  unpriced_steps: 3,
  thresholds_crossed: [0.5, 0.8],
  exceeded: false,
  blocking: false,
  created_at: "2026-01-02T09:00:00.000Z",
  updated_at: "2026-01-02T09:00:00.000Z",
};

export const exceededBudget = {
  ...clientBudget,
  spent: "25.0075",
  spent_exact: "25.0075",
  remaining: "0",
  used_fraction: "1.0003",
  forecast: "53.0952",
  step_count: 1602,
  thresholds_crossed: [0.5, 0.8, 1],
  exceeded: true,
  blocking: true,
};

const globalBudget = {
  ...clientBudget,
  budget_id: "8e7d6c5b-4a39-4281-9f0e-d1c2b3a49586",
  client_id: null,
  period: "day",
  time_zone: "UTC",
  limit_usd: "200",
  thresholds: [0.8, 1],
  action: "notify_only",
  period_start: "2026-01-15T00:00:00.000Z",
  period_end: "2026-01-16T00:00:00.000Z",
  spent: "61.2040",
  spent_exact: "61.204",
  remaining: "138.796",
  used_fraction: "0.3060",
  forecast: "80.7965",
  step_count: 5120,
  unpriced_steps: 0,
  thresholds_crossed: [],
};

const clientParam = { client_id: clientId };
const clientRequest = {
  period: "month",
  time_zone: "Europe/Paris",
  limit_usd: "25",
  thresholds: [0.5, 0.8, 1],
  action: "block_new_runs",
};
const globalRequest = { period: "day", limit_usd: "200", action: "notify_only" };

export const budgetExamples: Record<string, OperationExamples> = {
  budgetsSet: {
    parameters: clientParam,
    request: clientRequest,
    responses: { "201": clientBudget, "200": clientBudget },
  },
  budgetsGet: { parameters: clientParam, responses: { "200": clientBudget } },
  budgetsRemove: { parameters: clientParam, responses: { "200": clientBudget } },
  budgetsSetGlobal: {
    request: globalRequest,
    responses: { "201": globalBudget, "200": globalBudget },
  },
  budgetsGetGlobal: { responses: { "200": globalBudget } },
  budgetsRemoveGlobal: { responses: { "200": globalBudget } },
};

export const budgetExceededExample = {
  code: "BUDGET_EXCEEDED",
  message: `Budget exceeded: the monthly budget of client ${clientId} (${clientBudget.budget_id}) has spent $25.0075 of its $25 limit this period; new runs for client ${clientId} are refused until it resets at 2026-01-31T23:00:00.000Z (Europe/Paris), or the budget is raised or removed`,
  budget: exceededBudget,
};
