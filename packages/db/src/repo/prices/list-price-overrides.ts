import { and, asc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { modelPrices } from "../../schema";
import { overridesMatchingModel } from "./model-match";
import { toPriceOverride } from "./to-price-override";
import type { StoredPriceOverride } from "./types";

export interface ListPriceOverridesFilter {
  /** Exact model name as stored. */
  model?: string;
  /** A client's overrides; null for global ones only; omitted for all. */
  clientId?: string | null;
}

export async function listPriceOverrides(
  handle: DbHandle,
  filter: ListPriceOverridesFilter = {},
): Promise<StoredPriceOverride[]> {
  const conditions: SQL[] = [];
  if (filter.model !== undefined) conditions.push(eq(modelPrices.model, filter.model));
  if (filter.clientId === null) conditions.push(isNull(modelPrices.clientId));
  else if (filter.clientId !== undefined)
    conditions.push(eq(modelPrices.clientId, filter.clientId));
  return withDomainErrors(async () => {
    const rows = await executorOf(handle)
      .select()
      .from(modelPrices)
      .where(and(...conditions))
      .orderBy(
        asc(modelPrices.model),
        sql`${modelPrices.clientId} ASC NULLS FIRST`,
        asc(modelPrices.effectiveFrom),
      );
    return rows.map(toPriceOverride);
  });
}

/**
 * The overrides that may price `model` for `clientId`: global ones and the
 * client's own, every effective date (the domain picks the one in force).
 */
export async function loadOverridesFor(
  handle: DbHandle,
  model: string,
  clientId: string | null,
): Promise<StoredPriceOverride[]> {
  const scope =
    clientId === null
      ? isNull(modelPrices.clientId)
      : sql`(${modelPrices.clientId} IS NULL OR ${modelPrices.clientId} = ${clientId})`;
  return withDomainErrors(async () => {
    const rows = await executorOf(handle)
      .select()
      .from(modelPrices)
      .where(and(overridesMatchingModel(model), scope))
      .orderBy(asc(modelPrices.effectiveFrom));
    return rows.map(toPriceOverride);
  });
}
