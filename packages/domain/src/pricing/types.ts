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

/**
 * How a model name was found in the catalog. "provider-prefix": the name named its provider
 * ("openai/gpt-4o", "openai:gpt-4o"); "library": genai-prices matched the name itself;
 * "scan": only a search of every provider's models matched it.
 */
export interface CatalogMatchInfo {
  method: "provider-prefix" | "library" | "scan";
  /** For a scan: every provider/model that matched, the chosen one first. */
  candidates?: string[];
  /** For a scan with several candidates: why the chosen one. */
  reason?: string;
}

/** Which price applied to a model at a time, before any usage is charged. */
export interface PriceBasis {
  source: "catalog" | "override";
  /** Catalog name and version, e.g. "@pydantic/genai-prices@0.1.8". */
  catalog: string;
  /** The catalog model id matched, or the override's model. */
  modelId: string;
  providerId: string | null;
  overrideId: string | null;
  /** ISO timestamp the prices were selected at (the step's completion time). */
  pricedAt: string;
  /** The four token prices (what GET /prices shows); components hold every price charged. */
  unitPrices: UnitPrices;
  /** How the name was matched to the catalog, when the catalog was used. */
  match?: CatalogMatchInfo;
}

/** One price of a model: `unitPrice` USD per `per` units of the usage count `usage`. */
export interface UnitPriceEntry {
  /** The catalog's price key: input_mtok, cache_write_1h_mtok, requests_kcount, ... */
  key: string;
  usage: string;
  /** The price at the input size asked for (context-tiered prices). */
  unitPrice: string;
  /** 1000000 for a per-million-token price, 1000 for a per-thousand-calls fee. */
  per: number;
  /** The full schedule of a context-tiered price. */
  schedule?: TieredUnitPrice;
}

/**
 * One price of the model applied to the step's usage: `quantity` units of the usage count
 * `usage` at `unitPrice` USD per `per` units. The quantity is the count less its parts that
 * have prices of their own (cache reads are charged out of input_tokens, not on top).
 */
export interface PriceComponent {
  /** The catalog's price key: input_mtok, cache_write_1h_mtok, requests_kcount, ... */
  key: string;
  usage: string;
  quantity: number;
  unitPrice: string;
  /** 1000000 for a per-million-token price, 1000 for a per-thousand-calls fee. */
  per: number;
  /** quantity x unitPrice / per, exact (not rounded). */
  amount: string;
  /** The full schedule of a context-tiered price; the step's input_tokens chose unitPrice. */
  schedule?: TieredUnitPrice;
}

/**
 * What a step was priced with, so its cost can be explained and recomputed: the cost is
 * exactCost (the sum of the components' amounts) rounded half away from zero to 10 places.
 * Steps priced before components were recorded have only the basis fields.
 */
export interface PriceDetails extends PriceBasis {
  components: PriceComponent[];
  exactCost: string;
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
