/** The four token prices a step is charged with, in USD per million tokens. */
export type UnitPriceKey = "inputMtok" | "outputMtok" | "cacheReadMtok" | "cacheWriteMtok";

/** A context-tiered price as the catalog states it (decimal strings). */
export interface TieredUnitPrice {
  base: string;
  /** A tier's price applies to all tokens of its kind once input tokens exceed `start`. */
  tiers: { start: number; price: string }[];
}

/** How a tiered catalog price was resolved: enough to re-derive the choice in an audit. */
export interface PriceTier {
  /** The step's input_tokens, which choose the tier for every tiered price. */
  inputTokens: number;
  /** The full schedule of each price that is tiered. */
  schedules: Partial<Record<UnitPriceKey, TieredUnitPrice>>;
}

/**
 * The unit prices that applied (USD per million tokens, canonical decimal strings).
 * Cache prices the source lacks are the input price, so all four are always present.
 */
export interface UnitPrices {
  inputMtok: string;
  outputMtok: string;
  cacheReadMtok: string;
  cacheWriteMtok: string;
  /** Present only when the catalog price is context-tiered. */
  tier?: PriceTier;
}

/** What a step was priced with, so its cost can be audited later. */
export interface PriceDetails {
  source: "catalog" | "override";
  /** Catalog name and version, e.g. "@pydantic/genai-prices@0.1.8". */
  catalog: string;
  /** The catalog model id matched, or the override's model. */
  modelId: string;
  providerId: string | null;
  overrideId: string | null;
  /** ISO timestamp the prices were selected at (the step's completion time). */
  pricedAt: string;
  unitPrices: UnitPrices;
}

export type CostSource = "computed" | "reported" | "unpriced";

export interface StepPricing {
  /** Canonical decimal USD (10 dp max, trailing zeros trimmed), or null when unpriced. */
  cost: string | null;
  costSource: CostSource;
  /** input_tokens + output_tokens, the step's share of the run's token total. */
  tokens: number;
  provider: string | null;
  priceDetails: PriceDetails | null;
  /** Why the step has no cost; null whenever cost is set. */
  unpricedReason: string | null;
}
