import { isTerminal } from "@columnline/domain/status";
import { useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "../../../lib/router-types";
import { useTRPC } from "../../../lib/trpc";
import { type RunFilters, runsListInput } from "../filters";

export type RunRow = RouterOutputs["runs"]["list"]["items"][number];

/** How often a page showing a pending or running run asks again. */
export const LIVE_POLL_MS = 3000;

/** One page of runs; polls while any run shown is still pending or running. */
export function useRunsPage(
  filters: RunFilters,
  range: { from: Date; to: Date },
  page: { cursor?: string; limit: number },
) {
  const trpc = useTRPC();
  const input = runsListInput(filters, range, page);
  return useQuery({
    ...trpc.runs.list.queryOptions(input),
    placeholderData: (previous) => previous,
    refetchInterval: (query) =>
      query.state.data?.items.some((run) => !isTerminal(run.status)) ? LIVE_POLL_MS : false,
  });
}
