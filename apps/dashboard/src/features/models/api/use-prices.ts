import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTimeSettings } from "../../../app/time-settings";
import type { RouterInputs } from "../../../lib/router-types";
import { useTRPC } from "../../../lib/trpc";

/** Tokens and cost per model for completed runs started in the range. */
export function useModelCosts() {
  const trpc = useTRPC();
  const { range } = useTimeSettings();
  return useQuery(
    trpc.analytics.costByModel.queryOptions({
      status: "completed",
      from: range.from.toISOString(),
      to: range.to.toISOString(),
    }),
  );
}

/** The price the ledger would use for a model at a time; idle until a model is asked. */
export function usePriceLookup(asked: RouterInputs["prices"]["lookup"] | null) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.prices.lookup.queryOptions(asked ?? { model: "" }),
    enabled: asked !== null,
    retry: false,
  });
}

export function usePriceOverrides(enabled: boolean) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.prices.listOverrides.queryOptions({}), enabled });
}

function useRefreshOverrides() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.prices.pathKey() });
}

export function usePutOverride() {
  const trpc = useTRPC();
  const refresh = useRefreshOverrides();
  return useMutation(trpc.prices.putOverride.mutationOptions({ onSuccess: refresh }));
}

export function useDeleteOverride() {
  const trpc = useTRPC();
  const refresh = useRefreshOverrides();
  return useMutation(trpc.prices.deleteOverride.mutationOptions({ onSuccess: refresh }));
}

/** Ends an override now: it stays listed with its end, later steps get the previous price. */
export function useEndOverride() {
  const trpc = useTRPC();
  const refresh = useRefreshOverrides();
  return useMutation(trpc.prices.endOverride.mutationOptions({ onSuccess: refresh }));
}
