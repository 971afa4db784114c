import { type SQL, sql } from "drizzle-orm";
import type { DbHandle } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { pgTimestampLiteral } from "../../internal/pg-timestamp";
import { queryRows, readDate, readText } from "../../internal/rows";
import { parseDate } from "../../internal/validate";
import { withoutJit } from "./no-jit";
import { type StepRangeSum, stepRangeSums } from "./step-range-sums";
import { parseTimeZone } from "./time-zone";

export const spendPeriodNames = ["today", "last_7_days", "last_30_days", "month_to_date"] as const;
export type SpendPeriodName = (typeof spendPeriodNames)[number];

export interface PeriodSpend {
  from: Date;
  to: Date;
  cost: string;
  costExact: string;
  stepCount: number;
  unpricedSteps: number;
}

export interface SpendPeriod extends PeriodSpend {
  period: SpendPeriodName;
  previous: PeriodSpend;
}

export interface SpendPeriodsFilter {
  /** Any instant of the local day the periods end with (default now). */
  at?: Date;
  timeZone?: string;
  clientId?: string;
}

/**
 * Each period as [first local day, day after the last) with D the local day of `at`, and the
 * period before it: today = D (yesterday); last_7_days = D-6..D (D-13..D-7); last_30_days =
 * D-29..D (D-59..D-30); month_to_date = the 1st..D (the previous month's 1st..its n-th day, n
 * = D's day of the month, capped at that month's length).
 */
function periodBoundsQuery(at: Date, timeZone: string): SQL {
  const zone = sql`${timeZone}::text`;
  return sql`
    WITH base AS (
      SELECT d, date_trunc('month', d)::date AS m,
             (date_trunc('month', d) - interval '1 month')::date AS pm
        FROM (SELECT (${at.toISOString()}::timestamptz AT TIME ZONE ${zone})::date AS d) AS x
    ),
    days (label, lo_day, hi_day) AS (
      SELECT 'today', d, d + 1 FROM base
      UNION ALL SELECT 'today:previous', d - 1, d FROM base
      UNION ALL SELECT 'last_7_days', d - 6, d + 1 FROM base
      UNION ALL SELECT 'last_7_days:previous', d - 13, d - 6 FROM base
      UNION ALL SELECT 'last_30_days', d - 29, d + 1 FROM base
      UNION ALL SELECT 'last_30_days:previous', d - 59, d - 29 FROM base
      UNION ALL SELECT 'month_to_date', m, d + 1 FROM base
      UNION ALL SELECT 'month_to_date:previous', pm, pm + least(d - m + 1, m - pm) FROM base
    )
    SELECT label, lo_day::timestamp AT TIME ZONE ${zone} AS lo,
           hi_day::timestamp AT TIME ZONE ${zone} AS hi
      FROM days`;
}

function periodSpend(bounds: { lo: Date; hi: Date }, sum: StepRangeSum | undefined): PeriodSpend {
  return {
    from: bounds.lo,
    to: bounds.hi,
    cost: sum?.cost ?? "0.0000",
    costExact: sum?.costExact ?? "0",
    stepCount: sum?.stepCount ?? 0,
    unpricedSteps: sum?.unpricedSteps ?? 0,
  };
}

/** Spend (steps recorded, whatever the run's status) today, 7, 30 days, month to date. */
export async function spendPeriods(
  handle: DbHandle,
  filter: SpendPeriodsFilter = {},
): Promise<SpendPeriod[]> {
  const at = filter.at === undefined ? new Date() : parseDate(filter.at, "at");
  const timeZone = parseTimeZone(filter.timeZone);
  return withDomainErrors(() =>
    withoutJit(handle, async (executor) => {
      const bounds = new Map(
        (await queryRows(executor, periodBoundsQuery(at, timeZone))).map((row) => [
          readText(row.label),
          { lo: readDate(row.lo), hi: readDate(row.hi) },
        ]),
      );
      const ranges = sql.join(
        [...bounds].map(
          ([label, { lo, hi }]) =>
            // The periods before a day of early year 1 begin in 1 BC.
            sql`SELECT ${label}::text AS label, ${pgTimestampLiteral(lo)}::timestamptz AS lo, ${pgTimestampLiteral(hi)}::timestamptz AS hi`,
        ),
        sql` UNION ALL `,
      );
      const sums = new Map(
        (await stepRangeSums(executor, ranges, null, filter.clientId)).map((sum) => [
          sum.label,
          sum,
        ]),
      );
      return spendPeriodNames.map((period) => {
        const current = bounds.get(period);
        const previous = bounds.get(`${period}:previous`);
        if (!current || !previous) throw new Error(`no bounds for ${period}`);
        return {
          period,
          ...periodSpend(current, sums.get(period)),
          previous: periodSpend(previous, sums.get(`${period}:previous`)),
        };
      });
    }),
  );
}
