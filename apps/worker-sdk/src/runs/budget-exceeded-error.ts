import { TRPCClientError } from "@trpc/client";
import type { Budget } from "../api-types.js";

/**
 * Creating a run was refused (HTTP 402, code BUDGET_EXCEEDED): a block_new_runs budget over
 * the client (its own, or the global one) has reached its limit. Thrown by createRun and by
 * withRun before its body runs, so no step is attempted. Steps of runs already running are
 * never refused; a new run is accepted again at `resetsAt`, or once the budget is raised or
 * removed.
 */
export class BudgetExceededError extends Error {
  readonly code = "BUDGET_EXCEEDED";
  readonly status = 402;
  readonly budgetId: string;
  /** The budget's client; null for the global budget. */
  readonly budgetClientId: string | null;
  readonly limitUsd: string;
  /** Exact spend in the period when the run was refused. */
  readonly spentUsd: string;
  readonly periodStart: Date;
  /** When the period ends and spend starts again from 0. */
  readonly resetsAt: Date;
  readonly budget: Budget;

  constructor(message: string, budget: Budget, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BudgetExceededError";
    this.budget = budget;
    this.budgetId = budget.budget_id;
    this.budgetClientId = budget.client_id;
    this.limitUsd = budget.limit_usd;
    this.spentUsd = budget.spent_exact;
    this.periodStart = new Date(budget.period_start);
    this.resetsAt = new Date(budget.period_end);
  }
}

/** The error as a BudgetExceededError when it is the API's BUDGET_EXCEEDED; else as it is. */
export function asBudgetExceeded(error: unknown): unknown {
  if (!(error instanceof TRPCClientError)) return error;
  const data = (error.data ?? null) as { domainCode?: unknown; budget?: unknown } | null;
  if (data?.domainCode !== "BUDGET_EXCEEDED" || data.budget == null) return error;
  return new BudgetExceededError(error.message, data.budget as Budget, { cause: error });
}
