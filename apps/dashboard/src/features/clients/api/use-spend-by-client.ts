import { useQuery } from "@tanstack/react-query";
import { useTimeSettings } from "../../../app/time-settings";
import { useTRPC } from "../../../lib/trpc";

/** A row of analytics.spendByClient: one client's spend and runs in the range. */
export interface ClientSpend {
  client_id: string;
  name: string;
  cost: string;
  cost_exact: string;
  runs: number;
  completed_runs: number;
  failed_runs: number;
  average_run_cost: string | null;
}

export function useSpendByClient() {
  const trpc = useTRPC();
  const { range } = useTimeSettings();
  const input = { from: range.from.toISOString(), to: range.to.toISOString() };
  return useQuery(trpc.analytics.spendByClient.queryOptions(input));
}
