import {
  type Budget,
  budgetSpend,
  budgetsOfClient,
  deleteBudget,
  getBudget,
  putBudget,
} from "@columnline/db";
import { budgetStanding, DomainError, periodBoundsAt } from "@columnline/domain";
import type { z } from "zod";
import {
  type BudgetJson,
  type clientBudgetInput,
  type putClientBudgetInput,
  type putGlobalBudgetInput,
  toBudgetJson,
} from "../contract/budget";
import type { ApiServices } from "../services";

/**
 * A budget with the period holding `at` (default: now, the current period), its spend
 * (re-derived from the ledger) and standing.
 */
export async function budgetView(budget: Budget, ctx: ApiServices, at?: Date): Promise<BudgetJson> {
  const now = ctx.now();
  const bounds = periodBoundsAt(at ?? now, budget.period, budget.timeZone);
  const spend = await budgetSpend(ctx.db, {
    clientId: budget.clientId,
    from: bounds.start,
    to: bounds.end,
  });
  const standing = budgetStanding({
    limitUsd: budget.limitUsd,
    spentExact: spend.costExact,
    thresholds: budget.thresholds,
    periodStart: bounds.start,
    periodEnd: bounds.end,
    now,
  });
  return toBudgetJson(budget, bounds, spend, standing);
}

type Settings = z.output<typeof putGlobalBudgetInput>;

async function put(clientId: string | null, input: Settings, ctx: ApiServices) {
  const { budget, created } = await putBudget(ctx.db, clientId, {
    period: input.period,
    limitUsd: input.limit_usd,
    action: input.action,
    ...(input.time_zone === undefined ? {} : { timeZone: input.time_zone }),
    ...(input.thresholds === undefined ? {} : { thresholds: input.thresholds }),
  });
  ctx.budgets?.budgetsChanged();
  return { budget: await budgetView(budget, ctx), created };
}

async function remove(clientId: string | null, ctx: ApiServices) {
  const removed = await deleteBudget(ctx.db, clientId);
  ctx.budgets?.budgetsChanged();
  return budgetView(removed, ctx);
}

export const putClientBudgetCore = (
  input: z.output<typeof putClientBudgetInput>,
  ctx: ApiServices,
) => put(input.client_id, input, ctx);
export const putGlobalBudgetCore = (input: Settings, ctx: ApiServices) => put(null, input, ctx);

export const getClientBudgetCore = async (
  input: z.output<typeof clientBudgetInput>,
  ctx: ApiServices,
) => budgetView(await getBudget(ctx.db, input.client_id), ctx);
export const getGlobalBudgetCore = async (ctx: ApiServices) =>
  budgetView(await getBudget(ctx.db, null), ctx);

export const deleteClientBudgetCore = (
  input: z.output<typeof clientBudgetInput>,
  ctx: ApiServices,
) => remove(input.client_id, ctx);
export const deleteGlobalBudgetCore = (ctx: ApiServices) => remove(null, ctx);

export function budgetName(view: BudgetJson): string {
  const scope = view.client_id === null ? "global budget" : `budget of client ${view.client_id}`;
  return `the ${view.period === "day" ? "daily" : `${view.period}ly`} ${scope} (${view.budget_id})`;
}

/**
 * Refuses a new run while a block_new_runs budget over its client (its own or the global
 * one) has reached its limit: 402 BUDGET_EXCEEDED naming the budget, spend and reset time.
 * Costs one indexed read for a client without budgets.
 */
export async function assertNewRunAllowed(clientId: string, ctx: ApiServices): Promise<void> {
  const budgets = await budgetsOfClient(ctx.db, clientId);
  for (const budget of budgets) {
    if (budget.action !== "block_new_runs") continue;
    const view = await budgetView(budget, ctx);
    if (!view.blocking) continue;
    throw new DomainError(
      "BUDGET_EXCEEDED",
      `Budget exceeded: ${budgetName(view)} has spent $${view.spent_exact} of its $${view.limit_usd} limit this period; new runs for client ${clientId} are refused until it resets at ${view.period_end} (${view.time_zone}), or the budget is raised or removed`,
      { details: { budget: view } },
    );
  }
}
