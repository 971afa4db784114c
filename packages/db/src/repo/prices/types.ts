import type { PriceOverride } from "@columnline/domain";

/** A stored override: the domain's PriceOverride plus its id and creation time. */
export interface StoredPriceOverride extends PriceOverride {
  id: string;
  provider: string | null;
  cacheReadMtok: string | null;
  cacheWriteMtok: string | null;
  createdAt: Date;
}
