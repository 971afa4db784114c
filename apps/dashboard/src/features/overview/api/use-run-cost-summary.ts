import { useQuery } from "@tanstack/react-query";
import { useTimeSettings } from "../../../app/time-settings";
import { useTRPC } from "../../../lib/trpc";

/** Average, p50 and p95 cost of the runs completed in the picked range. */
export function useRunCostSummary(clientId?: string) {
  const trpc = useTRPC();
  const { range } = useTimeSettings();
  return useQuery(
    trpc.analytics.costSummary.queryOptions({
      status: "completed",
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      ...(clientId ? { client_id: clientId } : {}),
    }),
  );
}

/** The ten most expensive completed runs started in the picked range. */
export function useTopRuns() {
  const trpc = useTRPC();
  const { range } = useTimeSettings();
  return useQuery(
    trpc.analytics.topRuns.queryOptions({
      status: "completed",
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      limit: 10,
    }),
  );
}
