import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../lib/trpc";

/** Deliveries change while retries run: the log refreshes itself this often. */
const DELIVERIES_REFRESH_MS = 5_000;

export function useWebhookEndpoints() {
  const trpc = useTRPC();
  return useQuery(trpc.webhooks.list.queryOptions());
}

export function useWebhookEndpoint(endpointId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.webhooks.get.queryOptions({ endpoint_id: endpointId }));
}

/** The endpoint's latest deliveries, newest first (the first page of its log). */
export function useWebhookDeliveries(endpointId: string) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.webhooks.deliveries.queryOptions({ endpoint_id: endpointId }),
    refetchInterval: DELIVERIES_REFRESH_MS,
  });
}

/** Sends a delivery again now (same event, same webhook-id); refreshes the log after. */
export function useRedeliver(endpointId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({
          queryKey: trpc.webhooks.deliveries.queryKey({ endpoint_id: endpointId }),
        }),
    }),
  );
}

/** Enables an endpoint again (update with enabled: true); refreshes it and the list. */
export function useEnableEndpoint(endpointId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.webhooks.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({
          queryKey: trpc.webhooks.get.queryKey({ endpoint_id: endpointId }),
        });
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
      },
    }),
  );
}
