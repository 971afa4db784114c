import { percentChange } from "../../lib/time-range";
import type { SpendPeriodName } from "./api/use-spend-periods";

export const spendPeriodLabels: Record<SpendPeriodName, string> = {
  today: "Spend today",
  last_7_days: "Last 7 days",
  last_30_days: "Last 30 days",
  month_to_date: "Month to date",
};

/** "+12% vs previous", "−5% vs previous", or "nothing the period before". */
export function comparisonText(current: string, previous: string): string {
  const change = percentChange(current, previous);
  if (change === null) return "nothing the period before";
  if (change === 0) return "same as the period before";
  return `${change > 0 ? "+" : "−"}${Math.abs(change)}% vs the period before`;
}
