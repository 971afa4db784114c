import { notFound, type PriceOverride } from "@columnline/domain";
import { and, eq, gt, isNull, lte, or } from "drizzle-orm";
import type { DbExecutor } from "../../client/types";
import { modelPrices, runs } from "../../schema";
import { overridesMatchingModel } from "../prices/model-match";
import { toPriceOverride } from "../prices/to-price-override";

export interface PricingContext {
  clientId: string;
  overrides: PriceOverride[];
}

/**
 * The run's client and the price overrides that may apply to `model` at `at`
 * (the client's and global ones, in force then), in ONE query: the run LEFT JOIN its overrides.
 */
export async function loadPricingContext(
  executor: DbExecutor,
  runId: string,
  model: string | null,
  at: Date,
): Promise<PricingContext> {
  const rows = await executor
    .select({ clientId: runs.clientId, price: modelPrices })
    .from(runs)
    .leftJoin(
      modelPrices,
      and(
        overridesMatchingModel(model),
        or(isNull(modelPrices.clientId), eq(modelPrices.clientId, runs.clientId)),
        lte(modelPrices.effectiveFrom, at),
        or(isNull(modelPrices.effectiveUntil), gt(modelPrices.effectiveUntil, at)),
      ),
    )
    .where(eq(runs.runId, runId));
  const first = rows[0];
  if (!first) throw notFound("run", runId);
  const overrides = rows.flatMap((row) => (row.price ? [toPriceOverride(row.price)] : []));
  return { clientId: first.clientId, overrides };
}
