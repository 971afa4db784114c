import { isDecimalText } from "@columnline/domain/money";
import {
  type RunStatus,
  runStatuses,
  type TriggeredBy,
  triggeredByValues,
} from "@columnline/domain/status";

export const runSorts = ["started_at", "total_cost"] as const;
export type RunSort = (typeof runSorts)[number];
export const sortOrders = ["desc", "asc"] as const;
export type SortOrder = (typeof sortOrders)[number];

/** The runs page's filters: what the query string holds, so a filtered view can be shared. */
export interface RunFilters {
  status?: RunStatus;
  client_id?: string;
  triggered_by?: TriggeredBy;
  /** A run_id or dossier_id, exact or its beginning. */
  q?: string;
  min_cost?: string;
  max_cost?: string;
  sort: RunSort;
  order: SortOrder;
}

export const defaultRunFilters: RunFilters = { sort: "started_at", order: "desc" };

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;

const text = (value: string | null): string | undefined => value?.trim() || undefined;

const amount = (value: string | null): string | undefined => {
  const trimmed = value?.trim();
  return trimmed && isDecimalText(trimmed) ? trimmed : undefined;
};

/** Reads filters from a query string; anything unknown or malformed is ignored, not an error. */
export function filtersFromSearch(search: string | URLSearchParams): RunFilters {
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  const filters: RunFilters = {
    sort: oneOf(runSorts, params.get("sort")) ?? defaultRunFilters.sort,
    order: oneOf(sortOrders, params.get("order")) ?? defaultRunFilters.order,
  };
  const status = oneOf(runStatuses, params.get("status"));
  if (status) filters.status = status;
  const triggeredBy = oneOf(triggeredByValues, params.get("triggered_by"));
  if (triggeredBy) filters.triggered_by = triggeredBy;
  const clientId = text(params.get("client_id"));
  if (clientId) filters.client_id = clientId;
  const q = text(params.get("q"));
  if (q) filters.q = q;
  const min = amount(params.get("min_cost"));
  if (min) filters.min_cost = min;
  const max = amount(params.get("max_cost"));
  if (max) filters.max_cost = max;
  return filters;
}

/** The query string for filters, without the defaults (so the plain page is plain "/runs"). */
export function filtersToSearch(filters: RunFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["status", "client_id", "triggered_by", "q", "min_cost", "max_cost"] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (filters.sort !== defaultRunFilters.sort) params.set("sort", filters.sort);
  if (filters.order !== defaultRunFilters.order) params.set("order", filters.order);
  return params;
}

/** runs.list's input for filters, a time range and a page. */
export function runsListInput(
  filters: RunFilters,
  range: { from: Date; to: Date },
  page: { cursor?: string; limit: number },
) {
  const { sort, order, ...rest } = filters;
  return {
    ...rest,
    sort,
    order,
    started_after: range.from.toISOString(),
    started_before: range.to.toISOString(),
    limit: page.limit,
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}
