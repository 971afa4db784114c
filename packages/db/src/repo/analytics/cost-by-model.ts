import { sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { readNullableText } from "../../internal/rows";
import type { AnalyticsFilter } from "./filters";
import { type LedgerTotals, ledgerBreakdown } from "./ledger-breakdown";

export interface ModelCost extends LedgerTotals {
  /** null groups the steps recorded without a model. */
  model: string | null;
}

/** Step costs per model, over the runs matching the filter. */
export async function costByModel(
  handle: DbHandle,
  filter: AnalyticsFilter = {},
): Promise<ModelCost[]> {
  return withDomainErrors(async () => {
    const groups = await ledgerBreakdown(executorOf(handle), filter, sql`s.model`);
    return groups.map(({ key, totals }) => ({ model: readNullableText(key), ...totals }));
  });
}
