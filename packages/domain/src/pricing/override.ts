import { validationError } from "../errors";
import { MAX_AMOUNT, type Money, parseDecimalText, UNIT_PRICE_MAX_DECIMAL_PLACES } from "./decimal";
import { type ModelName, parseModelName } from "./model-name";
import type { PriceEntry } from "./price-list";
import { priceUnit } from "./price-units";

/**
 * A price that wins over the catalog: a client's negotiated price, or a model the catalog
 * lacks. Prices are decimal strings in USD per million tokens.
 */
export interface PriceOverride {
  id?: string;
  model: string;
  provider?: string | null;
  /** The client the price is negotiated for; null for a global override. */
  clientId: string | null;
  effectiveFrom: Date;
  /**
   * When it stops applying (exclusive: a step at exactly this instant is priced as if the
   * override did not exist); null or omitted while it is open-ended.
   */
  effectiveUntil?: Date | null;
  inputMtok: string;
  outputMtok: string;
  /** Missing cache prices fall back to the override's input price. */
  cacheReadMtok?: string | null;
  cacheWriteMtok?: string | null;
}

/** The step an override is chosen for. */
export interface OverrideTarget {
  name: ModelName;
  /** Providers the step is known to run on: its name's prefix and the catalog's match. */
  providers: ReadonlySet<string>;
  clientId: string | null;
  at: Date;
}

/** (provider, model) pairs an override stands for, lowercased. */
function overrideKeys(override: PriceOverride): { provider: string | null; model: string }[] {
  const provider = override.provider?.trim().toLowerCase() || null;
  const name = parseModelName(override.model);
  const keys = [{ provider, model: name.full }];
  // "openai/gpt-4o" names its provider in the model: it stands for gpt-4o on openai.
  if (name.prefix !== null && (provider === null || provider === name.prefix)) {
    keys.push({ provider: name.prefix, model: name.bare });
  }
  return keys;
}

/**
 * Names compare lowercased; the step's provider prefix is ignored unless the override names
 * a provider, in which case the step must run on it (by prefix or by catalog match).
 */
function matchesModel(override: PriceOverride, target: OverrideTarget): boolean {
  return overrideKeys(override).some(
    ({ provider, model }) =>
      (model === target.name.full || model === target.name.bare) &&
      (provider === null || target.providers.has(provider)),
  );
}

/** 2 = the step's client, 1 = global, 0 = another client's price (never applies). */
function scopeRank(override: PriceOverride, clientId: string | null): number {
  if (override.clientId === null) return 1;
  return clientId !== null && override.clientId === clientId ? 2 : 0;
}

/**
 * The override in force for a step: among those matching its model, already effective and
 * not yet ended (effectiveFrom <= at < effectiveUntil), the step's client's own beats a
 * global one; within a scope the latest effectiveFrom wins; an exact tie goes to the one naming a provider, then to the later in the list.
 */
export function selectOverride(
  overrides: readonly PriceOverride[],
  target: OverrideTarget,
): PriceOverride | null {
  let best: { override: PriceOverride; rank: readonly number[] } | null = null;
  for (const override of overrides) {
    const scope = scopeRank(override, target.clientId);
    const from = override.effectiveFrom.getTime();
    if (scope === 0 || !inForce(override, target.at) || !matchesModel(override, target)) continue;
    const namesProvider = overrideKeys(override).some((key) => key.provider !== null);
    const rank = [scope, from, namesProvider ? 1 : 0];
    if (best === null || compareRanks(rank, best.rank) >= 0) best = { override, rank };
  }
  return best?.override ?? null;
}

/** effectiveFrom <= at < effectiveUntil (no end: from effectiveFrom on). */
function inForce(override: PriceOverride, at: Date): boolean {
  const time = at.getTime();
  const until = override.effectiveUntil?.getTime();
  return override.effectiveFrom.getTime() <= time && (until === undefined || time < until);
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * The override's prices as a price list: its four token prices (missing cache prices are
 * its input price). A malformed override is a VALIDATION error naming it.
 */
export function overridePriceList(override: PriceOverride): PriceEntry[] {
  const label = `price override ${override.id ?? override.model}`;
  const read = (field: string, text: string): Money => {
    const value = parseDecimalText(text);
    if (
      value === null ||
      value.isNegative() ||
      value.gte(MAX_AMOUNT) ||
      value.decimalPlaces() > UNIT_PRICE_MAX_DECIMAL_PLACES
    ) {
      throw validationError(`${label}: invalid ${field}`, [
        {
          path: field,
          message: `${field} must be a non-negative decimal string below ${MAX_AMOUNT.toFixed()} with at most ${UNIT_PRICE_MAX_DECIMAL_PLACES} decimal places, got "${text}"`,
        },
      ]);
    }
    return value;
  };
  const input = read("inputMtok", override.inputMtok);
  const output = read("outputMtok", override.outputMtok);
  const cacheRead =
    override.cacheReadMtok == null ? input : read("cacheReadMtok", override.cacheReadMtok);
  const cacheWrite =
    override.cacheWriteMtok == null ? input : read("cacheWriteMtok", override.cacheWriteMtok);
  const entry = (key: string, price: Money): PriceEntry => ({
    key,
    unit: priceUnit(key),
    base: price,
    tiers: [],
    source: "override",
  });
  return [
    entry("input_mtok", input),
    entry("output_mtok", output),
    entry("cache_read_mtok", cacheRead),
    entry("cache_write_mtok", cacheWrite),
  ];
}
