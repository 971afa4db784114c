import { sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { readText } from "../../internal/rows";
import type { AnalyticsFilter } from "./filters";
import { type LedgerTotals, ledgerBreakdown } from "./ledger-breakdown";

export interface DayCost extends LedgerTotals {
  /** The UTC day the steps were recorded, "YYYY-MM-DD". */
  day: string;
}

/** Step costs per UTC day of recording, over the runs matching the filter. */
export async function costByDay(
  handle: DbHandle,
  filter: AnalyticsFilter = {},
): Promise<DayCost[]> {
  return withDomainErrors(async () => {
    const groups = await ledgerBreakdown(
      executorOf(handle),
      filter,
      sql`to_char(s.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
    );
    return groups.map(({ key, totals }) => ({ day: readText(key), ...totals }));
  });
}
