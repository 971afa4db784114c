import { validationError } from "../errors";
import { CATALOG_VERSION, lookupCatalog } from "./catalog";
import { catalogUnitPrices } from "./catalog-unit-prices";
import { parseModelName } from "./model-name";
import { overrideUnitPrices, type PriceOverride, selectOverride } from "./override";
import type { PriceDetails, UnitPrices } from "./types";

export interface LookupOptions {
  clientId?: string | null;
  overrides?: readonly PriceOverride[];
  /** The step's input_tokens: they choose the tier of context-tiered prices (default 0). */
  inputTokens?: number;
}

export interface PriceLookup {
  unitPrices: UnitPrices;
  details: PriceDetails;
}

export type PriceResolution = ({ ok: true } & PriceLookup) | { ok: false; reason: string };

/**
 * The unit prices in force for a model at a time: the winning override if any, else the
 * catalog's. On failure, says why (used as a step's unpriced reason).
 */
export function resolvePrices(
  model: string,
  at: Date,
  options: LookupOptions = {},
): PriceResolution {
  if (Number.isNaN(at.getTime())) {
    throw validationError("invalid pricing time", [
      { path: "at", message: "must be a valid date" },
    ]);
  }
  const inputTokens = options.inputTokens ?? 0;
  if (!Number.isSafeInteger(inputTokens) || inputTokens < 0) {
    throw validationError("invalid input tokens", [
      { path: "inputTokens", message: "must be a non-negative safe integer" },
    ]);
  }
  const name = parseModelName(model);
  if (name.full === "") return { ok: false, reason: "no model given" };

  const catalog = lookupCatalog(name, at);
  const catalogMatch = catalog.found ? catalog.match : null;
  const providers = new Set<string>();
  if (name.prefix !== null) providers.add(name.prefix);
  if (catalogMatch !== null) providers.add(catalogMatch.providerId);

  const base = { catalog: CATALOG_VERSION, pricedAt: at.toISOString() };
  const override = selectOverride(options.overrides ?? [], {
    name,
    providers,
    clientId: options.clientId ?? null,
    at,
  });
  if (override !== null) {
    const unitPrices = overrideUnitPrices(override);
    const providerId =
      override.provider?.trim().toLowerCase() ||
      parseModelName(override.model).prefix ||
      catalogMatch?.providerId ||
      name.prefix;
    return {
      ok: true,
      unitPrices,
      details: {
        ...base,
        source: "override",
        modelId: override.model,
        providerId: providerId ?? null,
        overrideId: override.id ?? null,
        unitPrices,
      },
    };
  }

  if (!catalog.found) {
    return { ok: false, reason: `${catalog.reason} and no price override matches` };
  }
  const { match } = catalog;
  const prices = catalogUnitPrices(match.modelPrice, inputTokens);
  if (!prices.ok) {
    return { ok: false, reason: `${match.providerId}/${match.modelId}: ${prices.reason}` };
  }
  return {
    ok: true,
    unitPrices: prices.unitPrices,
    details: {
      ...base,
      source: "catalog",
      modelId: match.modelId,
      providerId: match.providerId,
      overrideId: null,
      unitPrices: prices.unitPrices,
    },
  };
}

/** Unit prices for a model at a time (GET /prices/{model}); null when it cannot be priced. */
export function lookupUnitPrices(
  model: string,
  at: Date,
  opts: LookupOptions = {},
): PriceLookup | null {
  const resolved = resolvePrices(model, at, opts);
  return resolved.ok ? { unitPrices: resolved.unitPrices, details: resolved.details } : null;
}
