import { isTerminal } from "@columnline/domain/status";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "../../../lib/router-types";
import { useTRPC } from "../../../lib/trpc";
import { LIVE_POLL_MS } from "../../runs/api/use-runs-page";

export type RunDetail = RouterOutputs["runs"]["get"];

export type StepRow = RouterOutputs["steps"]["list"][number];

const pollWhileActive = (status: RunDetail["status"] | undefined) =>
  status !== undefined && !isTerminal(status) ? LIVE_POLL_MS : false;

/** The run, polled while it is pending or running. */
export function useRun(runId: string) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.runs.get.queryOptions({ run_id: runId }),
    refetchInterval: (query) => pollWhileActive(query.state.data?.status),
  });
}

/** The run's steps in recording order, polled along with the run while it is active. */
export function useRunSteps(runId: string, status: RunDetail["status"] | undefined) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.steps.list.queryOptions({ run_id: runId }),
    refetchInterval: pollWhileActive(status),
  });
}

/** Fails a stuck run with a reason; the run's page shows the answer at once. */
export function useFailRun() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.runs.fail.mutationOptions({
      onSuccess: (run) => {
        queryClient.setQueryData(trpc.runs.get.queryKey({ run_id: run.run_id }), run);
        void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
      },
    }),
  );
}
