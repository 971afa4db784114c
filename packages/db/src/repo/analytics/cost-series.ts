import type { SQL } from "drizzle-orm";
import type { DbHandle } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { invalid } from "../../internal/validate";
import type { LedgerTotals } from "./ledger-breakdown";
import { withoutJit } from "./no-jit";
import { localDayRanges } from "./range-spans";
import { type StepGroupBy, stepRangeSums, stepRangeSumsQuery } from "./step-range-sums";
import { parseRange, parseTimeZone } from "./time-zone";

export const costSeriesGroups = ["model", "client", "step_name"] as const;
export type CostSeriesGroup = (typeof costSeriesGroups)[number];

export interface CostSeriesFilter {
  /** Inclusive lower bound on the steps' recorded_at. */
  from: Date;
  /** Exclusive upper bound on the steps' recorded_at. */
  to: Date;
  /** IANA name; days run from local midnight to local midnight (23 or 25 hours on DST days). */
  timeZone?: string;
  groupBy?: CostSeriesGroup;
  clientId?: string;
}

export interface CostSeriesRow extends LedgerTotals {
  /** The local day the steps were recorded, "YYYY-MM-DD". */
  day: string;
  /** The model, client_id or step name; null for steps recorded without one. */
  group: string | null;
}

function seriesQuery(filter: CostSeriesFilter): { ranges: SQL; groupBy: StepGroupBy } {
  parseRange(filter.from, filter.to);
  const timeZone = parseTimeZone(filter.timeZone);
  const groupBy = filter.groupBy ?? "model";
  if (!costSeriesGroups.includes(groupBy)) {
    invalid("group_by", `must be one of ${costSeriesGroups.join(", ")}`);
  }
  return { ranges: localDayRanges(filter.from, filter.to, timeZone), groupBy };
}

/** The SQL costSeries runs; exported so the benchmark times this very query. */
export function costSeriesQuery(filter: CostSeriesFilter): SQL {
  const { ranges, groupBy } = seriesQuery(filter);
  return stepRangeSumsQuery(ranges, groupBy, filter.clientId);
}

/**
 * Spend per local day of step recording, per model, client or step name: every step recorded
 * in [from, to), whatever its run's status (unlike costByDay, which sums the steps of the
 * runs matching a run filter). Days without steps are left out.
 */
export async function costSeries(
  handle: DbHandle,
  filter: CostSeriesFilter,
): Promise<CostSeriesRow[]> {
  const { ranges, groupBy } = seriesQuery(filter);
  return withDomainErrors(async () => {
    const rows = await withoutJit(handle, (executor) =>
      stepRangeSums(executor, ranges, groupBy, filter.clientId),
    );
    return rows.map(({ label, ...totals }) => ({ day: label, ...totals }));
  });
}
