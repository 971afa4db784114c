import { useQuery } from "@tanstack/react-query";
import { useTimeSettings } from "../../../app/time-settings";
import { useTRPC } from "../../../lib/trpc";

export interface StatusCounts {
  pending: number;
  running: number;
  completed: number;
  failed: number;
}

/** analytics.runsByStatus: runs started per day of the zone, by their status now. */
export interface RunsByStatus {
  days: (StatusCounts & { day: string })[];
  totals: StatusCounts;
  failure_rate: number | string | null;
}

export function useRunsByStatus(clientId?: string) {
  const trpc = useTRPC();
  const { range, timeZone } = useTimeSettings();
  const input = {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    time_zone: timeZone,
    ...(clientId ? { client_id: clientId } : {}),
  };
  return useQuery(trpc.analytics.runsByStatus.queryOptions(input));
}
