import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../lib/trpc";

export function useApiKeys() {
  const trpc = useTRPC();
  return useQuery(trpc.keys.list.queryOptions());
}

function useRefreshKeys() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.keys.list.queryKey() });
}

/** Creates a key; the answer holds the key itself, shown once and never cached. */
export function useCreateApiKey() {
  const trpc = useTRPC();
  const refresh = useRefreshKeys();
  return useMutation(trpc.keys.create.mutationOptions({ onSuccess: refresh }));
}

export function useRevokeApiKey() {
  const trpc = useTRPC();
  const refresh = useRefreshKeys();
  return useMutation(trpc.keys.revoke.mutationOptions({ onSuccess: refresh }));
}
