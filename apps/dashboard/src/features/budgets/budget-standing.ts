import { compareDecimalTexts } from "@columnline/domain/money";
import { formatDateTime, formatPercent, formatUsd } from "../../lib/format";
import type { RouterOutputs } from "../../lib/router-types";

export type ClientBudget = RouterOutputs["budgets"]["get"];

/** What the budget card says, worded once here so the card only lays it out. */
export interface BudgetStandingText {
  headline: string;
  used: string;
  /** 0..1 for the meter (spend past the limit shows full). */
  meterValue: number;
  period: string;
  forecast: string;
  state: { tone: "ok" | "warn" | "danger"; text: string };
  unpriced: string | null;
}

const periodWord = { day: "today", week: "this week", month: "this month" } as const;

export function budgetStandingText(budget: ClientBudget, timeZone: string): BudgetStandingText {
  const used = Number(budget.used_fraction);
  const resets = `${formatDateTime(budget.period_end, timeZone)} (${timeZone})`;
  const atLimit = budget.blocking
    ? { tone: "danger" as const, text: "At the limit: new runs are refused until it resets" }
    : budget.exceeded
      ? { tone: "danger" as const, text: "At the limit (notify only: runs go on)" }
      : compareDecimalTexts(budget.forecast, budget.limit_usd) >= 0
        ? { tone: "warn" as const, text: "On course to reach the limit before it resets" }
        : { tone: "ok" as const, text: "Within budget" };
  return {
    headline: `${formatUsd(budget.spent)} of ${formatUsd(budget.limit_usd)}`,
    used: `${formatPercent(used)} used ${periodWord[budget.period]}`,
    meterValue: Math.min(1, Math.max(0, used)),
    period: `Resets ${resets}; periods follow ${budget.time_zone}.`,
    forecast: `Forecast at reset: ${formatUsd(budget.forecast)}`,
    state: atLimit,
    unpriced:
      budget.unpriced_steps > 0
        ? `${budget.unpriced_steps} step${budget.unpriced_steps === 1 ? " has" : "s have"} no price this period: spend may be higher.`
        : null,
  };
}
