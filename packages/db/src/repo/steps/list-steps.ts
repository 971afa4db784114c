import { notFound } from "@columnline/domain";
import { asc, eq } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { runSteps, runs } from "../../schema";
import type { RunStep } from "./types";

/** The run's ledger in recording order; NOT_FOUND for an unknown run. */
export async function listSteps(handle: DbHandle, runId: string): Promise<RunStep[]> {
  return withDomainErrors(async () => {
    const executor = executorOf(handle);
    const steps = await executor
      .select()
      .from(runSteps)
      .where(eq(runSteps.runId, runId))
      .orderBy(asc(runSteps.id));
    if (steps.length > 0) return steps;
    const [run] = await executor
      .select({ runId: runs.runId })
      .from(runs)
      .where(eq(runs.runId, runId));
    if (!run) throw notFound("run", runId);
    return steps;
  });
}
