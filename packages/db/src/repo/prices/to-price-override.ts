import type { modelPrices } from "../../schema";
import type { StoredPriceOverride } from "./types";

export function toPriceOverride(row: typeof modelPrices.$inferSelect): StoredPriceOverride {
  return {
    id: row.id,
    model: row.model,
    provider: row.provider,
    clientId: row.clientId,
    effectiveFrom: row.effectiveFrom,
    effectiveUntil: row.effectiveUntil,
    inputMtok: row.inputMtok,
    outputMtok: row.outputMtok,
    cacheReadMtok: row.cacheReadMtok,
    cacheWriteMtok: row.cacheWriteMtok,
    createdAt: row.createdAt,
  };
}
