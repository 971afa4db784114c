import { listSteps, recordStep } from "@columnline/db";
import type { z } from "zod";
import type { runIdInput } from "../contract/run";
import { type recordStepInput, toRecordStepJson, toStepJson } from "../contract/step";
import type { ApiServices } from "../services";

export async function recordStepCore(input: z.output<typeof recordStepInput>, ctx: ApiServices) {
  const result = await recordStep(
    ctx.db,
    input.run_id,
    {
      stepId: input.step_id,
      stepName: input.step_name ?? null,
      model: input.model ?? null,
      usage: input.usage,
      costUsd: input.cost_usd ?? null,
      startedAt: input.started_at ?? null,
      durationMs: input.duration_ms ?? null,
      completedAt: input.completed_at ?? null,
      metadata: input.metadata ?? null,
    },
    { now: ctx.now() },
  );
  // In memory only: the evaluator reads the ledger later, outside this request.
  if (!result.duplicate) ctx.budgets?.stepRecorded(result.run.clientId);
  return toRecordStepJson(result);
}

export async function listStepsCore(input: z.output<typeof runIdInput>, ctx: ApiServices) {
  const steps = await listSteps(ctx.db, input.run_id);
  return steps.map(toStepJson);
}
