import type { StepSurface } from "./load-spec";

export interface StepRequest {
  path: string;
  body: string;
}

/**
 * The n-th step request of a load: a unique step_id, runs taken in turn, and
 * the same step (gpt-4o, 1000 in / 500 out) on every surface.
 */
export function stepRequest(
  surface: StepSurface,
  runIds: readonly string[],
  stepPrefix: string,
  n: number,
): StepRequest {
  const runId = runIds[n % runIds.length] ?? "";
  const step = {
    step_id: `${stepPrefix}-${n}`,
    step_name: "research",
    model: "gpt-4o",
    usage: { input_tokens: 1000, output_tokens: 500 },
  };
  switch (surface) {
    case "rest":
      return { path: `/api/v1/runs/${runId}/steps`, body: JSON.stringify(step) };
    case "trpc":
      // tRPC v11, no transformer: a mutation's body is its input.
      return { path: "/trpc/steps.record", body: JSON.stringify({ run_id: runId, ...step }) };
    case "baseline":
      return { path: `/runs/${runId}/steps`, body: JSON.stringify(step) };
  }
}
