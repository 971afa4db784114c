import { useQuery } from "@tanstack/react-query";
import { useTimeSettings } from "../../../app/time-settings";
import { useTRPC } from "../../../lib/trpc";

export interface UnpricedStep {
  run_id: string;
  step_id: string;
  step_name: string | null;
  model: string | null;
  provider: string | null;
  /** Why no price applied. */
  reason: string | null;
  recorded_at: string;
}

export interface UnpricedSteps {
  total: number;
  steps: UnpricedStep[];
  next_cursor: string | null;
}

/** Steps the ledger could not price in the picked range (the count, and the first few). */
export function useUnpricedSteps(limit = 5) {
  const trpc = useTRPC();
  const { range } = useTimeSettings();
  const input = { from: range.from.toISOString(), to: range.to.toISOString(), limit };
  return useQuery(trpc.analytics.unpricedSteps.queryOptions(input));
}
