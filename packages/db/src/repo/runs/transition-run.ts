import {
  conflict,
  errorMessageSchema,
  isTerminal,
  notFound,
  type RunStatus,
  runStatusSchema,
  sourcesFor,
  transition,
} from "@columnline/domain";
import { and, eq, inArray, sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { invalid, parseField } from "../../internal/validate";
import { runs } from "../../schema";
import type { Run } from "./types";

export interface TransitionRunOptions {
  /** Required (1-2000 characters) for failed; rejected for any other target. */
  errorMessage?: string | null;
  now?: Date;
}

export interface TransitionRunResult {
  run: Run;
  /** false when the run was already in the target state with the same payload. */
  changed: boolean;
}

const MAX_ATTEMPTS = 3;

/**
 * Moves a run to `target` with a guarded `UPDATE ... WHERE status IN
 * (sourcesFor(target))`, so of two concurrent transitions only one can match.
 * Entering completed/failed sets completed_at. When the guard matches nothing,
 * the current row decides (through the domain's transition rules): a repeat of
 * what already happened is a no-op, anything else a CONFLICT naming the current
 * status and the allowed ones.
 */
export async function transitionRun(
  handle: DbHandle,
  runId: string,
  target: RunStatus,
  options: TransitionRunOptions = {},
): Promise<TransitionRunResult> {
  const to = parseField(runStatusSchema, target, "status");
  let errorMessage: string | null = null;
  if (to === "failed") {
    errorMessage = parseField(errorMessageSchema, options.errorMessage ?? "", "errorMessage");
  } else if (options.errorMessage != null) {
    invalid("errorMessage", "only a transition to failed takes an error message");
  }
  const now = options.now ?? new Date();
  const sources = sourcesFor(to);

  return withDomainErrors(async () => {
    const executor = executorOf(handle);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (sources.length > 0) {
        const [updated] = await executor
          .update(runs)
          .set({
            status: to,
            ...(isTerminal(to) ? { completedAt: now } : {}),
            ...(to === "failed" ? { errorMessage } : {}),
            updatedAt: sql`now()`,
            lastActivityAt: sql`now()`,
          })
          .where(and(eq(runs.runId, runId), inArray(runs.status, sources)))
          .returning();
        if (updated) return { run: updated, changed: true };
      }
      const [current] = await executor.select().from(runs).where(eq(runs.runId, runId));
      if (!current) throw notFound("run", runId);
      const decision = transition(
        {
          runId,
          status: current.status,
          completedAt: current.completedAt,
          errorMessage: current.errorMessage,
        },
        { to, errorMessage, now },
      );
      if (!decision.ok) throw decision.error;
      if (!decision.changed) return { run: current, changed: false };
      // The run moved between the UPDATE and this read to a state `to` is reachable from: retry.
    }
    throw conflict(`run ${runId} kept changing during the transition; try again`, { runId });
  });
}
