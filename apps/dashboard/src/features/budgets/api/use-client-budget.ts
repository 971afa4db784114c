import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../lib/trpc";

/** The client's budget with its current period's spend; NOT_FOUND when it has none. */
export function useClientBudget(clientId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.budgets.get.queryOptions({ client_id: clientId }));
}
