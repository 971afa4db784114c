import {
  type RunStatus,
  runStatusSchema,
  type TriggeredBy,
  triggeredBySchema,
} from "@columnline/domain";
import { and, asc, desc, eq, gte, lt, lte, type SQL, sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import {
  invalid,
  parseDate,
  parseDecimalString,
  parseField,
  parseLimit,
} from "../../internal/validate";
import { runs } from "../../schema";
import {
  decodeRunCursor,
  encodeRunCursor,
  RUN_ORDERS,
  RUN_SORTS,
  type RunOrder,
  type RunSort,
} from "./run-cursor";
import { runSearch } from "./run-search";
import type { Run } from "./types";

export interface ListRunsFilter {
  clientId?: string;
  status?: RunStatus;
  triggeredBy?: TriggeredBy;
  /** Inclusive: started_at >= startedAfter. */
  startedAfter?: Date;
  /** Exclusive: started_at < startedBefore. */
  startedBefore?: Date;
  /** Inclusive bounds on total_cost, decimal strings of USD ("0.05"). */
  minCost?: string;
  maxCost?: string;
  /** A run_id or dossier_id, or the start of one (run-search.ts). */
  q?: string;
  /** started_at (default) or total_cost, ties broken by run_id. */
  sort?: RunSort;
  /** desc (default: newest or most expensive first) or asc. */
  order?: RunOrder;
  /** Page size, 1-200 (default 50). */
  limit?: number;
  /** nextCursor of the previous page, listed with the same sort and order. */
  cursor?: string;
}

export interface RunPage {
  items: Run[];
  /** null on the last page. */
  nextCursor: string | null;
}

export const MAX_RUNS_PAGE = 200;
const DEFAULT_RUNS_PAGE = 50;

function conditionsOf(
  filter: ListRunsFilter,
  sort: RunSort,
  order: RunOrder,
  search: ReturnType<typeof runSearch> | null,
): SQL[] {
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
  if (filter.minCost !== undefined) {
    conditions.push(gte(runs.totalCost, parseDecimalString(filter.minCost, "minCost")));
  }
  if (filter.maxCost !== undefined) {
    conditions.push(lte(runs.totalCost, parseDecimalString(filter.maxCost, "maxCost")));
  }
  if (search) conditions.push(search.condition);
  if (filter.cursor !== undefined) {
    const cursor = decodeRunCursor(filter.cursor, sort, order);
    const key =
      cursor.sort === "started_at"
        ? sql`${cursor.startedAt.toISOString()}::timestamptz`
        : sql`${cursor.totalCost}::numeric`;
    const column = sort === "started_at" ? runs.startedAt : runs.totalCost;
    // Both columns in the same direction: a row comparison the index serves.
    conditions.push(
      order === "desc"
        ? sql`(${column}, ${runs.runId}) < (${key}, ${cursor.runId})`
        : sql`(${column}, ${runs.runId}) > (${key}, ${cursor.runId})`,
    );
  }
  return conditions;
}

/** The WHERE, ORDER BY and LIMIT (one more than the page, to tell if another follows). */
function planOf(filter: ListRunsFilter) {
  const sort = filter.sort ?? "started_at";
  const order = filter.order ?? "desc";
  if (!RUN_SORTS.includes(sort)) invalid("sort", `must be one of ${RUN_SORTS.join(", ")}`);
  if (!RUN_ORDERS.includes(order)) invalid("order", `must be one of ${RUN_ORDERS.join(", ")}`);
  const limit = parseLimit(filter.limit, DEFAULT_RUNS_PAGE, MAX_RUNS_PAGE);
  const search = filter.q === undefined ? null : runSearch(filter.q);
  const column = sort === "started_at" ? runs.startedAt : runs.totalCost;
  // Few matches (run-search.ts): an expression no index orders, so they are sorted, not sought.
  const key = !search?.narrow
    ? column
    : sort === "started_at"
      ? sql`(${column} + interval '0 seconds')`
      : sql`(${column} + 0)`;
  const direction = order === "desc" ? desc : asc;
  return {
    sort,
    order,
    limit,
    where: and(...conditionsOf(filter, sort, order, search)) ?? sql`true`,
    orderBy: [direction(key), direction(runs.runId)],
  };
}

/** The SQL listRuns runs; exported so the benchmark times and EXPLAINs this very query. */
export function listRunsQuery(filter: ListRunsFilter = {}): SQL {
  const plan = planOf(filter);
  return sql`SELECT * FROM ${runs} WHERE ${plan.where} ORDER BY ${sql.join(plan.orderBy, sql`, `)} LIMIT ${plan.limit + 1}`;
}

/**
 * Runs by keyset pagination over (started_at, run_id) or (total_cost, run_id), newest or
 * most expensive first by default: stable under concurrent inserts and served in index
 * order at any depth by (started_at, run_id), (client_id, started_at, run_id) and
 * (total_cost, run_id); a q prefix by the text_pattern_ops indexes.
 */
export async function listRuns(handle: DbHandle, filter: ListRunsFilter = {}): Promise<RunPage> {
  const { sort, order, limit, where, orderBy } = planOf(filter);
  return withDomainErrors(async () => {
    const rows = await executorOf(handle)
      .select()
      .from(runs)
      .where(where)
      .orderBy(...orderBy)
      .limit(limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    if (rows.length <= limit || !last) return { items, nextCursor: null };
    const nextCursor = encodeRunCursor(
      sort === "started_at"
        ? { sort, order, startedAt: last.startedAt, runId: last.runId }
        : { sort, order, totalCost: last.totalCost, runId: last.runId },
    );
    return { items, nextCursor };
  });
}
