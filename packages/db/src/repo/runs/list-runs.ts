import {
  type RunStatus,
  runStatusSchema,
  type TriggeredBy,
  triggeredBySchema,
} from "@columnline/domain";
import { and, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { parseDate, parseField, parseLimit } from "../../internal/validate";
import { runs } from "../../schema";
import { decodeRunCursor, encodeRunCursor } from "./run-cursor";
import type { Run } from "./types";

export interface ListRunsFilter {
  clientId?: string;
  status?: RunStatus;
  triggeredBy?: TriggeredBy;
  /** Inclusive: started_at >= startedAfter. */
  startedAfter?: Date;
  /** Exclusive: started_at < startedBefore. */
  startedBefore?: Date;
  /** Page size, 1-200 (default 50). */
  limit?: number;
  /** nextCursor of the previous page. */
  cursor?: string;
}

export interface RunPage {
  items: Run[];
  /** null on the last page. */
  nextCursor: string | null;
}

export const MAX_RUNS_PAGE = 200;
const DEFAULT_RUNS_PAGE = 50;

/**
 * Runs newest first, by keyset pagination over (started_at DESC, run_id DESC):
 * stable under concurrent inserts and served by the (started_at, run_id) and
 * (client_id, started_at, run_id) indexes at any depth.
 */
export async function listRuns(handle: DbHandle, filter: ListRunsFilter = {}): Promise<RunPage> {
  const limit = parseLimit(filter.limit, DEFAULT_RUNS_PAGE, MAX_RUNS_PAGE);
  const conditions: SQL[] = [];
  if (filter.clientId !== undefined) conditions.push(eq(runs.clientId, filter.clientId));
  if (filter.status !== undefined) {
    conditions.push(eq(runs.status, parseField(runStatusSchema, filter.status, "status")));
  }
  if (filter.triggeredBy !== undefined) {
    const triggeredBy = parseField(triggeredBySchema, filter.triggeredBy, "triggeredBy");
    conditions.push(eq(runs.triggeredBy, triggeredBy));
  }
  if (filter.startedAfter !== undefined) {
    conditions.push(gte(runs.startedAt, parseDate(filter.startedAfter, "startedAfter")));
  }
  if (filter.startedBefore !== undefined) {
    conditions.push(lt(runs.startedAt, parseDate(filter.startedBefore, "startedBefore")));
  }
  if (filter.cursor !== undefined) {
    const cursor = decodeRunCursor(filter.cursor);
    conditions.push(
      sql`(${runs.startedAt}, ${runs.runId}) < (${cursor.startedAt.toISOString()}::timestamptz, ${cursor.runId})`,
    );
  }
  return withDomainErrors(async () => {
    const rows = await executorOf(handle)
      .select()
      .from(runs)
      .where(and(...conditions))
      .orderBy(desc(runs.startedAt), desc(runs.runId))
      .limit(limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor =
      rows.length > limit && last
        ? encodeRunCursor({ startedAt: last.startedAt, runId: last.runId })
        : null;
    return { items, nextCursor };
  });
}
