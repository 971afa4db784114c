import { useQuery } from "@tanstack/react-query";
import { useTimeSettings } from "../../../app/time-settings";
import { useTRPC } from "../../../lib/trpc";

export const costGroupings = ["model", "client", "step_name"] as const;
export type CostGrouping = (typeof costGroupings)[number];

/** A row of analytics.costSeries: one group's steps on one day of the chosen zone. */
export interface CostSeriesRow {
  day: string;
  group: string | null;
  step_count: number;
  tokens: number;
  cost: string;
  cost_exact: string;
  unpriced_steps: number;
}

/** Step cost per day of the picked range and zone, grouped as asked. */
export function useCostSeries(groupBy: CostGrouping, clientId?: string) {
  const trpc = useTRPC();
  const { range, timeZone } = useTimeSettings();
  const input = {
    group_by: groupBy,
    time_zone: timeZone,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    ...(clientId ? { client_id: clientId } : {}),
  };
  return useQuery({
    ...trpc.analytics.costSeries.queryOptions(input),
    // Switching the grouping keeps the last chart on screen until the new one arrives.
    placeholderData: (previous) => previous,
  });
}
