import { notFound } from "@columnline/domain";
import { eq } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { runs } from "../../schema";
import type { Run } from "./types";

/** The run, or NOT_FOUND. */
export async function getRun(handle: DbHandle, runId: string): Promise<Run> {
  return withDomainErrors(async () => {
    const [run] = await executorOf(handle).select().from(runs).where(eq(runs.runId, runId));
    if (!run) throw notFound("run", runId);
    return run;
  });
}
