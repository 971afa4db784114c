import { validationError } from "../errors";
import { CATALOG_VERSION, lookupCatalog } from "./catalog";
import { toCanonical } from "./decimal";
import { parseModelName } from "./model-name";
import { overridePriceList, type PriceOverride, selectOverride } from "./override";
import {
  catalogPriceList,
  entryPriceAt,
  entrySchedule,
  type PriceEntry,
  tokenUnitPrices,
} from "./price-list";
import type { PriceBasis, UnitPriceEntry, UnitPrices } from "./types";

export interface LookupOptions {
  clientId?: string | null;
  overrides?: readonly PriceOverride[];
  /** The step's input_tokens: they choose the tier of context-tiered prices (default 0). */
  inputTokens?: number;
}

export interface PriceLookup {
  unitPrices: UnitPrices;
  details: PriceBasis;
  /** Every price of the model (its catalog entry's keys, or the override's four). */
  prices: UnitPriceEntry[];
}

/** The price that applies to a model at a time, before usage is charged. */
export interface ResolvedPrice {
  /** The basis of price details, but for unitPrices (they depend on the input size). */
  basis: Omit<PriceBasis, "unitPrices">;
  /** The prices charged: the catalog entry's, or the override's token prices. */
  entries: PriceEntry[];
  /**
   * Under an override: the catalog entry's prices the override does not state (per-call
   * fees, prices per hour or page). A step that incurs one of them cannot be priced.
   */
  uncovered: PriceEntry[];
}

export type PriceResolution = ({ ok: true } & ResolvedPrice) | { ok: false; reason: string };

function checkInputs(at: Date, inputTokens: number): void {
  if (Number.isNaN(at.getTime())) {
    throw validationError("invalid pricing time", [
      { path: "at", message: "must be a valid date" },
    ]);
  }
  if (!Number.isSafeInteger(inputTokens) || inputTokens < 0) {
    throw validationError("invalid input tokens", [
      { path: "inputTokens", message: "must be a non-negative safe integer" },
    ]);
  }
}

/**
 * The prices in force for a model at a time: the winning override if any, else the
 * catalog's. On failure, says why (used as a step's unpriced reason).
 */
export function resolvePrices(
  model: string,
  at: Date,
  options: Omit<LookupOptions, "inputTokens"> = {},
): PriceResolution {
  checkInputs(at, 0);
  const name = parseModelName(model);
  if (name.full === "") return { ok: false, reason: "no model given" };

  const catalog = lookupCatalog(name, at);
  const catalogMatch = catalog.found ? catalog.match : null;
  const catalogList = catalogMatch ? catalogPriceList(catalogMatch.modelPrice) : null;
  const providers = new Set<string>();
  if (name.prefix !== null) providers.add(name.prefix);
  if (catalogMatch !== null) providers.add(catalogMatch.providerId);

  const base = { catalog: CATALOG_VERSION, pricedAt: at.toISOString() };
  const match = catalogMatch ? { match: catalogMatch.info } : {};
  const override = selectOverride(options.overrides ?? [], {
    name,
    providers,
    clientId: options.clientId ?? null,
    at,
  });
  if (override !== null) {
    const providerId =
      override.provider?.trim().toLowerCase() ||
      parseModelName(override.model).prefix ||
      catalogMatch?.providerId ||
      name.prefix;
    return {
      ok: true,
      basis: {
        ...base,
        source: "override",
        modelId: override.model,
        providerId: providerId ?? null,
        overrideId: override.id ?? null,
        ...match,
      },
      entries: overridePriceList(override),
      uncovered: catalogList?.ok
        ? catalogList.entries.filter((entry) => entry.unit?.kind !== "token")
        : [],
    };
  }

  if (!catalog.found)
    return { ok: false, reason: `${catalog.reason} and no price override matches` };
  const { match: found } = catalog;
  if (catalogList === null || !catalogList.ok) {
    const reason = catalogList?.reason ?? "no price";
    return { ok: false, reason: `${found.providerId}/${found.modelId}: ${reason}` };
  }
  return {
    ok: true,
    basis: {
      ...base,
      source: "catalog",
      modelId: found.modelId,
      providerId: found.providerId,
      overrideId: null,
      ...match,
    },
    entries: catalogList.entries,
    uncovered: [],
  };
}

/**
 * Prices for a model at a time (GET /prices/{model}); null when it has none, or has a
 * price step usage cannot report (then every step of it is unpriced).
 */
export function lookupUnitPrices(
  model: string,
  at: Date,
  opts: LookupOptions = {},
): PriceLookup | null {
  const inputTokens = opts.inputTokens ?? 0;
  checkInputs(at, inputTokens);
  const resolved = resolvePrices(model, at, opts);
  if (!resolved.ok || resolved.entries.some((entry) => entry.unit === undefined)) return null;
  const unitPrices = tokenUnitPrices(resolved.entries, inputTokens);
  return {
    unitPrices,
    details: { ...resolved.basis, unitPrices },
    prices: resolved.entries.flatMap((entry) => {
      if (entry.unit === undefined) return [];
      const schedule = entrySchedule(entry);
      return [
        {
          key: entry.key,
          usage: entry.unit.field,
          unitPrice: toCanonical(entryPriceAt(entry, inputTokens)),
          per: entry.unit.per,
          ...(schedule ? { schedule } : {}),
        },
      ];
    }),
  };
}
