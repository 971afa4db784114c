import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../lib/trpc";

/** Whether the ledger holds any run at all: an empty one shows how to record the first. */
export function useLedgerHasRuns() {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.runs.list.queryOptions({ limit: 1 }),
    select: (page) => page.items.length > 0,
  });
}
