import { Money } from "../pricing/decimal";

export const budgetActions = ["block_new_runs", "notify_only"] as const;
export type BudgetAction = (typeof budgetActions)[number];

/** Thresholds when none are given: a warning at 80 % and the limit itself. */
export const DEFAULT_BUDGET_THRESHOLDS: readonly number[] = [0.8, 1];
export const MAX_BUDGET_THRESHOLDS = 10;
/** Thresholds are fractions of the limit in (0, 10], with at most 4 decimals (0.125 = 12.5 %). */
export const MAX_BUDGET_THRESHOLD = 10;

/** A limit: a positive USD amount with at most 10 decimals, below 1e12. */
const LIMIT_TEXT = /^\d{1,12}(\.\d{1,10})?$/;

/** Why `text` is not a budget limit, or null when it is one. */
export function budgetLimitProblem(text: string): string | null {
  if (!LIMIT_TEXT.test(text)) {
    return `${JSON.stringify(text)} is not a USD amount: a decimal string such as "25" or "199.99" (at most 12 digits before the point and 10 after)`;
  }
  if (new Money(text).lte(0)) return "must be more than 0";
  return null;
}

/** Why `thresholds` are not budget thresholds, or null when they are. */
export function budgetThresholdsProblem(thresholds: readonly number[]): string | null {
  if (thresholds.length === 0) return "must list at least one threshold (e.g. [0.8, 1])";
  if (thresholds.length > MAX_BUDGET_THRESHOLDS) {
    return `must list at most ${MAX_BUDGET_THRESHOLDS} thresholds`;
  }
  for (const threshold of thresholds) {
    const valid =
      Number.isFinite(threshold) &&
      threshold > 0 &&
      threshold <= MAX_BUDGET_THRESHOLD &&
      new Money(threshold).decimalPlaces() <= 4;
    if (!valid) {
      return `${threshold} is not a threshold: a fraction of the limit above 0 and at most ${MAX_BUDGET_THRESHOLD} with at most 4 decimals (0.8 = 80 %)`;
    }
  }
  if (new Set(thresholds).size !== thresholds.length) return "must not repeat a threshold";
  return null;
}

/** The event a threshold's crossing emits: reaching the limit itself is `budget.exceeded`. */
export const budgetEventType = (threshold: number) =>
  threshold === 1 ? "budget.exceeded" : "budget.threshold_crossed";

export interface BudgetStandingInput {
  limitUsd: string;
  /** The exact spend in the period so far. */
  spentExact: string;
  thresholds: readonly number[];
  periodStart: Date;
  periodEnd: Date;
  now: Date;
}

export interface BudgetStanding {
  /** limit less spend, never below 0 (exact). */
  remaining: string;
  /** spend / limit, 4 decimals. */
  usedFraction: string;
  /** Spend at the period's end if it goes on at the rate so far (linear), 4 decimals. */
  forecast: string;
  /** The thresholds (and 1, the limit, always) spend has reached, ascending. */
  crossed: number[];
  /** Spend has reached the limit. */
  exceeded: boolean;
}

const trimmed = (value: InstanceType<typeof Money>) => value.toFixed();

/** Where spend stands against the budget: exact decimals, never floats. */
export function budgetStanding(input: BudgetStandingInput): BudgetStanding {
  const limit = new Money(input.limitUsd);
  const spent = new Money(input.spentExact);
  const length = input.periodEnd.getTime() - input.periodStart.getTime();
  const elapsed = Math.min(length, Math.max(0, input.now.getTime() - input.periodStart.getTime()));
  const forecast = elapsed === 0 ? spent : spent.times(length).dividedBy(elapsed);
  const crossed = [...new Set([...input.thresholds, 1])]
    .filter((threshold) => spent.gte(limit.times(threshold)))
    .sort((a, b) => a - b);
  return {
    remaining: trimmed(Money.max(0, limit.minus(spent))),
    usedFraction: spent.dividedBy(limit).toFixed(4),
    forecast: forecast.toFixed(4),
    crossed,
    exceeded: spent.gte(limit),
  };
}
