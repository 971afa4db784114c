import type { BudgetAction, BudgetPeriod } from "@columnline/domain";
import { sql } from "drizzle-orm";
import {
  type RawRow,
  readDate,
  readDecimal,
  readNullableText,
  readNumber,
  readText,
} from "../../internal/rows";

export interface BudgetSettings {
  period: BudgetPeriod;
  /** IANA zone whose calendar the period follows. */
  timeZone: string;
  /** USD, a decimal string. */
  limitUsd: string;
  /** Fractions of the limit, ascending. */
  thresholds: number[];
  action: BudgetAction;
}

export interface Budget extends BudgetSettings {
  id: string;
  /** null: the global budget, over all clients. */
  clientId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The columns every budget read selects, in the shape readBudget takes. */
export const budgetColumns = sql`id::text AS id, client_id, period, time_zone,
  trim_scale(limit_usd)::text AS limit_usd, array_to_json(thresholds)::text AS thresholds,
  action, created_at, updated_at`;

export function readBudget(row: RawRow): Budget {
  const thresholds = JSON.parse(readText(row.thresholds)) as unknown[];
  return {
    id: readText(row.id),
    clientId: readNullableText(row.client_id),
    period: readText(row.period) as BudgetPeriod,
    timeZone: readText(row.time_zone),
    limitUsd: readDecimal(row.limit_usd),
    thresholds: thresholds.map(readNumber),
    action: readText(row.action) as BudgetAction,
    createdAt: readDate(row.created_at),
    updatedAt: readDate(row.updated_at),
  };
}
