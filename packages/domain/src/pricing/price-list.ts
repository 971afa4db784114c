import type { ModelPrice } from "@pydantic/genai-prices";
import { fromCatalogNumber, type Money, toCanonical } from "./decimal";
import { type PriceUnit, priceUnit } from "./price-units";
import type { PriceTier, TieredUnitPrice, UnitPriceKey, UnitPrices } from "./types";

/** One price of a model: a flat price, or a schedule chosen by the step's input tokens. */
export interface PriceEntry {
  /** The catalog's price key ("input_mtok", "requests_kcount", "audio_hours", ...). */
  key: string;
  /** How usage is charged for it; undefined for a key no usage count maps to. */
  unit: PriceUnit | undefined;
  base: Money;
  /** Sorted by start; empty for a flat price. */
  tiers: { start: number; price: Money }[];
  source: "catalog" | "override";
}

/**
 * The tier rule of genai-prices 0.1.8: the last tier whose start the step's input_tokens
 * strictly exceed sets the price for ALL units of that kind (not marginal pricing). Every
 * tiered price, output and cache prices too, is chosen by input tokens.
 */
export function entryPriceAt(entry: PriceEntry, inputTokens: number): Money {
  let selected = entry.base;
  for (const tier of entry.tiers) {
    if (inputTokens > tier.start) selected = tier.price;
  }
  return selected;
}

/** The schedule of a tiered price, as decimal strings; undefined for a flat one. */
export function entrySchedule(entry: PriceEntry): TieredUnitPrice | undefined {
  if (entry.tiers.length === 0) return undefined;
  return {
    base: toCanonical(entry.base),
    tiers: entry.tiers.map((tier) => ({ start: tier.start, price: toCanonical(tier.price) })),
  };
}

type CatalogPrice = NonNullable<ModelPrice[string]>;

function isUsableNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

function catalogEntry(key: string, price: CatalogPrice): PriceEntry | null {
  const unit = priceUnit(key);
  if (isUsableNumber(price)) {
    return { key, unit, base: fromCatalogNumber(price), tiers: [], source: "catalog" };
  }
  // At runtime the data holds plain { base, tiers } objects, not TieredPrices instances.
  if (typeof price !== "object" || !isUsableNumber(price.base) || !Array.isArray(price.tiers)) {
    return null;
  }
  const tiers: PriceEntry["tiers"] = [];
  for (const tier of price.tiers) {
    if (!isUsableNumber(tier?.price) || !Number.isSafeInteger(tier.start) || tier.start < 0) {
      return null;
    }
    tiers.push({ start: tier.start, price: fromCatalogNumber(tier.price) });
  }
  tiers.sort((a, b) => a.start - b.start);
  return { key, unit, base: fromCatalogNumber(price.base), tiers, source: "catalog" };
}

export type CatalogPriceList = { ok: true; entries: PriceEntry[] } | { ok: false; reason: string };

/** The catalog's price entry as a price list, in the catalog's key order. */
export function catalogPriceList(modelPrice: ModelPrice): CatalogPriceList {
  const entries: PriceEntry[] = [];
  for (const [key, price] of Object.entries(modelPrice)) {
    if (price === undefined) continue;
    const entry = catalogEntry(key, price);
    if (entry === null) return { ok: false, reason: `the catalog's ${key} is malformed` };
    entries.push(entry);
  }
  return { ok: true, entries };
}

const TOKEN_PRICE_KEYS = {
  inputMtok: "input_mtok",
  outputMtok: "output_mtok",
  cacheReadMtok: "cache_read_mtok",
  cacheWriteMtok: "cache_write_mtok",
} as const satisfies Record<UnitPriceKey, string>;

/**
 * The four headline token prices at a given input size (for GET /prices and the
 * unitPrices of price details). A missing input/output price is 0 (the catalog charges
 * nothing for it); a missing cache price is the input price, since cache tokens are then
 * charged as input.
 */
export function tokenUnitPrices(entries: readonly PriceEntry[], inputTokens: number): UnitPrices {
  const schedules: Partial<Record<UnitPriceKey, TieredUnitPrice>> = {};
  const priceOf = (name: UnitPriceKey): Money | undefined => {
    const entry = entries.find((candidate) => candidate.key === TOKEN_PRICE_KEYS[name]);
    if (entry === undefined) return undefined;
    const schedule = entrySchedule(entry);
    if (schedule) schedules[name] = schedule;
    return entryPriceAt(entry, inputTokens);
  };
  const inputMtok = priceOf("inputMtok") ?? fromCatalogNumber(0);
  const outputMtok = priceOf("outputMtok") ?? fromCatalogNumber(0);
  const unitPrices: UnitPrices = {
    inputMtok: toCanonical(inputMtok),
    outputMtok: toCanonical(outputMtok),
    cacheReadMtok: toCanonical(priceOf("cacheReadMtok") ?? inputMtok),
    cacheWriteMtok: toCanonical(priceOf("cacheWriteMtok") ?? inputMtok),
  };
  if (Object.keys(schedules).length > 0) {
    const tier: PriceTier = { inputTokens, schedules };
    unitPrices.tier = tier;
  }
  return unitPrices;
}
