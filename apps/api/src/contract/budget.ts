import type { Budget, BudgetSpend } from "@columnline/db";
import {
  type BudgetStanding,
  budgetActions,
  budgetLimitProblem,
  budgetPeriods,
  budgetThresholdsProblem,
  clientIdSchema,
  isIanaTimeZone,
  MAX_BUDGET_THRESHOLD,
  MAX_BUDGET_THRESHOLDS,
  type PeriodBounds,
  TIME_ZONE_NAME,
} from "@columnline/domain";
import { z } from "zod";
import { decimalStringJson, trimDecimal } from "./money";
import { isoTimeJson } from "./time";

const limitUsd = z
  .string()
  .superRefine((text, context) => {
    const problem = budgetLimitProblem(text);
    if (problem) context.addIssue({ code: "custom", message: problem });
  })
  .describe(
    'The limit in USD: a decimal string above 0, at most 12 digits before the point and 10 after ("25", "199.99")',
  )
  .meta({ pattern: "^\\d{1,12}(\\.\\d{1,10})?$" });

const thresholds = z
  .array(z.number().gt(0).max(MAX_BUDGET_THRESHOLD))
  .superRefine((list, context) => {
    const problem = budgetThresholdsProblem(list);
    if (problem) context.addIssue({ code: "custom", message: problem });
  })
  .describe(
    `Alert thresholds, fractions of the limit (0.8 = 80 %): 1 to ${MAX_BUDGET_THRESHOLDS} distinct numbers above 0 and at most ${MAX_BUDGET_THRESHOLD}, at most 4 decimals each. Default [0.8, 1]. Reaching 1 (the limit) is always announced, as budget.exceeded`,
  )
  .meta({ minItems: 1, maxItems: MAX_BUDGET_THRESHOLDS, uniqueItems: true });

const timeZone = z
  .string()
  .regex(
    TIME_ZONE_NAME,
    "Expected an IANA time zone name such as UTC, Europe/Paris or Asia/Kathmandu",
  )
  .refine(
    isIanaTimeZone,
    "Expected an IANA time zone name such as UTC, Europe/Paris or Asia/Kathmandu",
  )
  .describe(
    "IANA time zone whose calendar bounds the periods (default UTC); a name the time zone database does not know is a 400, and so is a POSIX-style offset such as UTC+3 (Etc/GMT-3 is the IANA name)",
  );

const settings = {
  period: z
    .enum(budgetPeriods)
    .describe("Calendar period the limit applies to: a local day, a week from Monday, a month"),
  time_zone: timeZone.optional(),
  limit_usd: limitUsd,
  thresholds: thresholds.optional(),
  action: z
    .enum(budgetActions)
    .describe(
      "At the limit: block_new_runs (creating a run for the client answers 402 BUDGET_EXCEEDED; steps of runs already running are always recorded) or notify_only (events only)",
    ),
};

export const putClientBudgetInput = z.strictObject({ client_id: clientIdSchema, ...settings });
export const putGlobalBudgetInput = z.strictObject(settings);
export const clientBudgetInput = z.strictObject({ client_id: clientIdSchema });

export const budgetJsonSchema = z.object({
  budget_id: z.string().describe("The budget's id (kept when the budget is replaced by a PUT)"),
  client_id: z.string().nullable().describe("null: the global budget, over every client"),
  period: z.enum(budgetPeriods),
  time_zone: z.string(),
  limit_usd: decimalStringJson("The limit in USD"),
  thresholds: z.array(z.number()),
  action: z.enum(budgetActions),
  period_start: isoTimeJson.describe("The current period's first instant"),
  period_end: isoTimeJson.describe("The next period's first instant: when spend resets"),
  spent: decimalStringJson("Spend in the period, rounded to 4 places (as the analytics show it)"),
  spent_exact: decimalStringJson("Spend in the period, exact"),
  remaining: decimalStringJson("limit_usd less spent_exact, never below 0"),
  used_fraction: decimalStringJson("spent_exact / limit_usd, 4 places"),
  forecast: decimalStringJson(
    "Spend at period_end if it goes on at the rate so far (linear), 4 places",
  ),
  step_count: z.number().int().describe("Steps recorded in the period"),
  unpriced_steps: z
    .number()
    .int()
    .describe("Steps in the period with no price: not in spent, which may be understated"),
  thresholds_crossed: z.array(z.number()).describe("Thresholds spend has reached, 1 included"),
  exceeded: z.boolean().describe("Spend has reached the limit"),
  blocking: z.boolean().describe("exceeded with block_new_runs: new runs are refused"),
  created_at: isoTimeJson,
  updated_at: isoTimeJson,
});
export type BudgetJson = z.infer<typeof budgetJsonSchema>;

export function toBudgetJson(
  budget: Budget,
  bounds: PeriodBounds,
  spend: BudgetSpend,
  standing: BudgetStanding,
): BudgetJson {
  return {
    budget_id: budget.id,
    client_id: budget.clientId,
    period: budget.period,
    time_zone: budget.timeZone,
    limit_usd: trimDecimal(budget.limitUsd),
    thresholds: budget.thresholds,
    action: budget.action,
    period_start: bounds.start.toISOString(),
    period_end: bounds.end.toISOString(),
    spent: spend.cost,
    spent_exact: trimDecimal(spend.costExact),
    remaining: standing.remaining,
    used_fraction: standing.usedFraction,
    forecast: standing.forecast,
    step_count: spend.stepCount,
    unpriced_steps: spend.unpricedSteps,
    thresholds_crossed: standing.crossed,
    exceeded: standing.exceeded,
    blocking: standing.exceeded && budget.action === "block_new_runs",
    created_at: budget.createdAt.toISOString(),
    updated_at: budget.updatedAt.toISOString(),
  };
}
