import type { ModelPrice, TieredPrices } from "@pydantic/genai-prices";
import { fromCatalogNumber, type Money, toCanonical } from "./decimal";
import type { PriceTier, TieredUnitPrice, UnitPriceKey, UnitPrices } from "./types";

/** Catalog price keys for the token kinds our usage reports. */
const CATALOG_KEYS = {
  inputMtok: "input_mtok",
  outputMtok: "output_mtok",
  cacheReadMtok: "cache_read_mtok",
  cacheWriteMtok: "cache_write_mtok",
} as const satisfies Record<UnitPriceKey, string>;

type CatalogPrice = ModelPrice[string];

// At runtime the data holds plain { base, tiers } objects, not TieredPrices instances.
type Tiered = Pick<TieredPrices, "base" | "tiers">;

function isTiered(price: CatalogPrice): price is TieredPrices {
  return typeof price === "object" && price !== null;
}

/**
 * The tier rule of genai-prices 0.1.8: tiers sorted by start, and the last one whose start
 * the step's input_tokens strictly exceed sets the price for ALL tokens of that kind (not
 * marginal pricing). Output and cache tiers are chosen by input tokens too.
 */
function tierPrice(price: Tiered, inputTokens: number): number {
  let selected = price.base;
  for (const tier of [...price.tiers].sort((a, b) => a.start - b.start)) {
    if (inputTokens > tier.start) selected = tier.price;
  }
  return selected;
}

function schedule(price: Tiered): TieredUnitPrice {
  return {
    base: toCanonical(fromCatalogNumber(price.base)),
    tiers: [...price.tiers]
      .sort((a, b) => a.start - b.start)
      .map((tier) => ({ start: tier.start, price: toCanonical(fromCatalogNumber(tier.price)) })),
  };
}

export type CatalogUnitPrices =
  | { ok: true; unitPrices: UnitPrices }
  | { ok: false; reason: string };

/**
 * Turns the library's price entry into the four token prices at a given input size.
 * A missing input/output price means the catalog charges nothing for it (":free" models
 * have no prices at all); missing cache prices are the input price. A model priced only
 * in other units (audio hours, pages) cannot be priced from token usage.
 */
export function catalogUnitPrices(modelPrice: ModelPrice, inputTokens: number): CatalogUnitPrices {
  const priced = Object.keys(modelPrice).filter((key) => modelPrice[key] !== undefined);
  const input = modelPrice[CATALOG_KEYS.inputMtok];
  const output = modelPrice[CATALOG_KEYS.outputMtok];
  if (input === undefined && output === undefined && priced.length > 0) {
    return {
      ok: false,
      reason: `the catalog prices this model per ${priced.join(", ")}, not per token`,
    };
  }

  const schedules: Partial<Record<UnitPriceKey, TieredUnitPrice>> = {};
  const resolveKey = (key: UnitPriceKey): Money | undefined => {
    const price = modelPrice[CATALOG_KEYS[key]];
    if (price === undefined) return undefined;
    if (!isTiered(price)) return fromCatalogNumber(price);
    schedules[key] = schedule(price);
    return fromCatalogNumber(tierPrice(price, inputTokens));
  };

  const inputMtok = resolveKey("inputMtok") ?? fromCatalogNumber(0);
  const outputMtok = resolveKey("outputMtok") ?? fromCatalogNumber(0);
  const cacheReadMtok = resolveKey("cacheReadMtok") ?? inputMtok;
  const cacheWriteMtok = resolveKey("cacheWriteMtok") ?? inputMtok;

  const unitPrices: UnitPrices = {
    inputMtok: toCanonical(inputMtok),
    outputMtok: toCanonical(outputMtok),
    cacheReadMtok: toCanonical(cacheReadMtok),
    cacheWriteMtok: toCanonical(cacheWriteMtok),
  };
  if (Object.keys(schedules).length > 0) {
    const tier: PriceTier = { inputTokens, schedules };
    unitPrices.tier = tier;
  }
  return { ok: true, unitPrices };
}
