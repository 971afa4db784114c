import { parseRunId } from "@columnline/domain";
import { invalid } from "../../internal/validate";

/** The orders runs can be listed in: by start or by total cost, each either way. */
export const RUN_SORTS = ["started_at", "total_cost"] as const;
export type RunSort = (typeof RUN_SORTS)[number];
export const RUN_ORDERS = ["desc", "asc"] as const;
export type RunOrder = (typeof RUN_ORDERS)[number];

/** A position in one order: the sort key and run_id of the last item of a page. */
export type RunCursor =
  | { sort: "started_at"; order: RunOrder; startedAt: Date; runId: string }
  | { sort: "total_cost"; order: RunOrder; totalCost: string; runId: string };

/** total_cost is NUMERIC(10,4): a crafted key must be one the column can hold. */
const TOTAL_COST = /^\d{1,6}(\.\d{1,4})?$/;

/** Opaque to callers: base64url of [sort, order, key, run_id]. */
export function encodeRunCursor(cursor: RunCursor): string {
  const key = cursor.sort === "started_at" ? cursor.startedAt.toISOString() : cursor.totalCost;
  return Buffer.from(JSON.stringify([cursor.sort, cursor.order, key, cursor.runId])).toString(
    "base64url",
  );
}

function parseCursor(text: string): RunCursor | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  // [started_at, run_id]: a cursor of the release before sorting, newest first.
  const [sort, order, key, runId] =
    parsed.length === 2 ? ["started_at", "desc", ...parsed] : parsed;
  if (parsed.length > 4 || typeof runId !== "string" || parseRunId(runId) === null) return null;
  if (!RUN_ORDERS.includes(order as RunOrder) || typeof key !== "string") return null;
  if (sort === "total_cost") {
    return TOTAL_COST.test(key) ? { sort, order: order as RunOrder, totalCost: key, runId } : null;
  }
  if (sort !== "started_at") return null;
  const startedAt = new Date(key);
  const year = startedAt.getUTCFullYear();
  // A crafted cursor must not reach SQL with a value the column cannot hold.
  if (!(year >= 1 && year <= 9999)) return null;
  return { sort, order: order as RunOrder, startedAt, runId };
}

/** The cursor, which must come from a page listed in the same sort and order. */
export function decodeRunCursor(text: string, sort: RunSort, order: RunOrder): RunCursor {
  const cursor = parseCursor(text);
  if (cursor === null) return invalid("cursor", "is not a cursor returned by listRuns");
  if (cursor.sort !== sort || cursor.order !== order) {
    return invalid(
      "cursor",
      `was returned for sort=${cursor.sort}&order=${cursor.order}, not sort=${sort}&order=${order}; list again with that sort and order, or without a cursor to start over`,
    );
  }
  return cursor;
}
