import { sql } from "drizzle-orm";
import type { DbHandle } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { withoutJit } from "../analytics/no-jit";
import { stepRangeSums } from "../analytics/step-range-sums";

export interface BudgetSpend {
  /** 4-place rounding of costExact, as the analytics show it. */
  cost: string;
  costExact: string;
  stepCount: number;
  /** Steps in the range with no price: counted, never taken as costing 0. */
  unpricedSteps: number;
}

/**
 * What a client (or, clientId null, every client) spent on steps recorded in [from, to):
 * the analytics' own read (whole UTC hours from the rollups, partial hours from the ledger),
 * so a budget and the dashboard always show the same number, exact in any zone.
 */
export async function budgetSpend(
  handle: DbHandle,
  range: { clientId: string | null; from: Date; to: Date },
): Promise<BudgetSpend> {
  const ranges = sql`SELECT 'budget'::text AS label, ${range.from.toISOString()}::timestamptz AS lo,
                            ${range.to.toISOString()}::timestamptz AS hi`;
  return withDomainErrors(() =>
    withoutJit(handle, async (executor) => {
      const [sum] = await stepRangeSums(executor, ranges, null, range.clientId ?? undefined);
      return {
        cost: sum?.cost ?? "0.0000",
        costExact: sum?.costExact ?? "0",
        stepCount: sum?.stepCount ?? 0,
        unpricedSteps: sum?.unpricedSteps ?? 0,
      };
    }),
  );
}
