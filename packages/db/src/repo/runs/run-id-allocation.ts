import { formatRunId, MAX_RUN_ID_SUFFIX } from "@columnline/domain";
import { inArray } from "drizzle-orm";
import type { DbExecutor } from "../../client/types";
import { runs } from "../../schema";

/** How many suffixes one lookup checks: a busy second costs one query per window. */
const SUFFIX_WINDOW = 32;

/**
 * The first run_id for `startedAt` from suffix `fromSuffix` on that no stored run
 * holds. Only a hint: a concurrent insert may still take it, and the primary key
 * decides (the caller retries from the next suffix).
 */
export async function nextFreeRunId(
  executor: DbExecutor,
  startedAt: Date,
  fromSuffix: number,
): Promise<{ runId: string; suffix: number } | null> {
  for (let start = fromSuffix; start <= MAX_RUN_ID_SUFFIX; start += SUFFIX_WINDOW) {
    const end = Math.min(start + SUFFIX_WINDOW - 1, MAX_RUN_ID_SUFFIX);
    const candidates: string[] = [];
    for (let suffix = start; suffix <= end; suffix++) {
      candidates.push(formatRunId(startedAt, suffix));
    }
    const taken = await executor
      .select({ runId: runs.runId })
      .from(runs)
      .where(inArray(runs.runId, candidates));
    const takenIds = new Set(taken.map((row) => row.runId));
    const index = candidates.findIndex((candidate) => !takenIds.has(candidate));
    const free = candidates[index];
    if (index >= 0 && free !== undefined) return { runId: free, suffix: start + index };
  }
  return null;
}
