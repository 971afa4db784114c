import {
  budgetActions,
  budgetLimitProblem,
  budgetPeriods,
  budgetThresholdsProblem,
  DEFAULT_BUDGET_THRESHOLDS,
  isIanaTimeZone,
  notFound,
} from "@columnline/domain";
import { sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { queryRows } from "../../internal/rows";
import { invalid } from "../../internal/validate";
import { type Budget, type BudgetSettings, budgetColumns, readBudget } from "./types";

export interface PutBudgetInput {
  period: BudgetSettings["period"];
  timeZone?: string;
  limitUsd: string;
  thresholds?: number[];
  action: BudgetSettings["action"];
}

/** Every setting checked, with defaults: UTC, thresholds 0.8 and 1. A bad one is a 400. */
export function parseBudgetSettings(input: PutBudgetInput): BudgetSettings {
  if (!budgetPeriods.includes(input.period)) invalid("period", "must be day, week or month");
  if (!budgetActions.includes(input.action)) {
    invalid("action", "must be block_new_runs or notify_only");
  }
  const timeZone = input.timeZone ?? "UTC";
  if (!isIanaTimeZone(timeZone)) {
    invalid(
      "time_zone",
      `${JSON.stringify(timeZone)} is not an IANA time zone (e.g. Europe/Paris)`,
    );
  }
  const limitProblem = budgetLimitProblem(input.limitUsd);
  if (limitProblem) invalid("limit_usd", limitProblem);
  const thresholds = input.thresholds ?? [...DEFAULT_BUDGET_THRESHOLDS];
  const thresholdsProblem = budgetThresholdsProblem(thresholds);
  if (thresholdsProblem) invalid("thresholds", thresholdsProblem);
  return {
    period: input.period,
    timeZone,
    limitUsd: input.limitUsd,
    thresholds: [...thresholds].sort((a, b) => a - b),
    action: input.action,
  };
}

/**
 * Sets the budget of a client (clientId) or the global one (null), replacing the one there
 * (same id). `created` is false for a replacement. NOT_FOUND for an unknown client.
 */
export async function putBudget(
  handle: DbHandle,
  clientId: string | null,
  input: PutBudgetInput,
): Promise<{ budget: Budget; created: boolean }> {
  const settings = parseBudgetSettings(input);
  const thresholds = `{${settings.thresholds.join(",")}}`;
  return withDomainErrors(async () => {
    const rows = await queryRows(
      executorOf(handle),
      sql`INSERT INTO v2_budgets AS b (client_id, period, time_zone, limit_usd, thresholds, action)
          SELECT ${clientId}::text, ${settings.period}, ${settings.timeZone},
                 ${settings.limitUsd}::numeric, ${thresholds}::numeric[], ${settings.action}
           WHERE ${clientId}::text IS NULL
              OR EXISTS (SELECT 1 FROM v2_clients WHERE client_id = ${clientId}::text)
          ON CONFLICT ((coalesce(client_id, ''))) DO UPDATE
             SET period = excluded.period, time_zone = excluded.time_zone,
                 limit_usd = excluded.limit_usd, thresholds = excluded.thresholds,
                 action = excluded.action, updated_at = now()
          RETURNING ${budgetColumns}, (xmax = 0) AS created`,
    );
    const [row] = rows;
    if (!row) throw notFound("client", String(clientId));
    return { budget: readBudget(row), created: row.created === true || row.created === "t" };
  });
}
