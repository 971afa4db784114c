import { createRun, getRun, listRuns, transitionRun } from "@columnline/db";
import { isDomainError, type RunStatus } from "@columnline/domain";
import type { z } from "zod";
import type { createRunInput, failRunInput, listRunsInput, runIdInput } from "../contract/run";
import { type RunJson, toRunJson } from "../contract/run";
import type { ApiServices } from "../services";
import { assertNewRunAllowed } from "./budgets-core";

/**
 * A blocked client's new runs are refused; a replay of a run that already exists is not a
 * new run and goes on to createRun (200 with the stored run, or its 409).
 */
async function assertRunAllowed(input: z.output<typeof createRunInput>, ctx: ApiServices) {
  try {
    await assertNewRunAllowed(input.client_id, ctx);
  } catch (error) {
    const replay =
      isDomainError(error) &&
      error.code === "BUDGET_EXCEEDED" &&
      input.run_id !== undefined &&
      (await getRun(ctx.db, input.run_id).then(
        () => true,
        () => false,
      ));
    if (!replay) throw error;
  }
}

export async function createRunCore(input: z.output<typeof createRunInput>, ctx: ApiServices) {
  await assertRunAllowed(input, ctx);
  const result = await createRun(
    ctx.db,
    {
      clientId: input.client_id,
      ...(input.run_id === undefined ? {} : { runId: input.run_id }),
      ...(input.dossier_id === undefined ? {} : { dossierId: input.dossier_id }),
      status: input.status,
      seedData: input.seed_data ?? null,
      triggeredBy: input.triggered_by,
      ...(input.config_snapshot === undefined ? {} : { configSnapshot: input.config_snapshot }),
    },
    { now: ctx.now() },
  );
  return { run: toRunJson(result.run), created: result.created };
}

export async function getRunCore(
  input: z.output<typeof runIdInput>,
  ctx: ApiServices,
): Promise<RunJson> {
  return toRunJson(await getRun(ctx.db, input.run_id));
}

export async function listRunsCore(input: z.output<typeof listRunsInput>, ctx: ApiServices) {
  const page = await listRuns(ctx.db, {
    limit: input.limit,
    ...(input.client_id ? { clientId: input.client_id } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.triggered_by ? { triggeredBy: input.triggered_by } : {}),
    ...(input.started_after ? { startedAfter: input.started_after } : {}),
    ...(input.started_before ? { startedBefore: input.started_before } : {}),
    ...(input.min_cost ? { minCost: input.min_cost } : {}),
    ...(input.max_cost ? { maxCost: input.max_cost } : {}),
    ...(input.q === undefined ? {} : { q: input.q }),
    sort: input.sort,
    order: input.order,
    ...(input.cursor ? { cursor: input.cursor } : {}),
  });
  return { items: page.items.map(toRunJson), next_cursor: page.nextCursor };
}

export async function transitionRunCore(
  runId: string,
  target: RunStatus,
  ctx: ApiServices,
  errorMessage?: string,
): Promise<RunJson> {
  const result = await transitionRun(ctx.db, runId, target, {
    now: ctx.now(),
    ...(errorMessage === undefined ? {} : { errorMessage }),
  });
  return toRunJson(result.run);
}

export const failRunCore = (input: z.output<typeof failRunInput>, ctx: ApiServices) =>
  transitionRunCore(input.run_id, "failed", ctx, input.error_message);
