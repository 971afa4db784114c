import { useQuery } from "@tanstack/react-query";
import { useTimeSettings } from "../../../app/time-settings";
import { useTRPC } from "../../../lib/trpc";

export const spendPeriodNames = ["today", "last_7_days", "last_30_days", "month_to_date"] as const;
export type SpendPeriodName = (typeof spendPeriodNames)[number];

interface SpendTotals {
  from: string;
  to: string;
  cost: string;
  cost_exact: string;
  step_count: number;
  unpriced_steps: number;
}

/** A row of analytics.spendPeriods: a period to now and the same length just before it. */
export interface SpendPeriod extends SpendTotals {
  period: SpendPeriodName;
  previous: SpendTotals;
}

/** Spend today, last 7 and 30 days and month to date, each against the period before. */
export function useSpendPeriods() {
  const trpc = useTRPC();
  const { timeZone } = useTimeSettings();
  const input = { time_zone: timeZone };
  return useQuery(trpc.analytics.spendPeriods.queryOptions(input));
}
