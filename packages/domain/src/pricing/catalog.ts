import { calcPrice, findProvider, type ModelPrice } from "@pydantic/genai-prices";
import type { ModelName } from "./model-name";

/**
 * The default price catalog, pinned by exact version in package.json. Recorded in every
 * price details so a cost can be traced to the data it came from. The library's bundled
 * data is used as is: we never call updatePrices/waitForUpdate, so there is no network I/O.
 */
export const CATALOG_VERSION = "@pydantic/genai-prices@0.1.8";

export interface CatalogMatch {
  modelId: string;
  providerId: string;
  /** The library's price entry in force at the lookup time (dated prices already chosen). */
  modelPrice: ModelPrice;
}

export type CatalogLookup = { found: true; match: CatalogMatch } | { found: false; reason: string };

// calcPrice is the library's only public path to its model matching and dated-price
// selection. We call it with empty usage: it then computes nothing we rely on and
// only returns the resolved model, provider and applicable unit prices.
function resolve(model: string, at: Date, providerId?: string): CatalogMatch | null {
  const result = calcPrice(
    {},
    model,
    providerId ? { providerId, timestamp: at } : { timestamp: at },
  );
  if (result === null) return null;
  return {
    modelId: result.model.id,
    providerId: result.provider.id,
    modelPrice: result.model_price,
  };
}

/**
 * Finds a model in the catalog at a time. A "provider/" prefix naming a catalog provider
 * scopes the lookup to it (genai-prices itself does not split prefixes except in LiteLLM
 * mode); otherwise, or when that misses, the full name is matched the library's way
 * (provider guessed from the name), which also covers names with a slash of their own.
 */
export function lookupCatalog(name: ModelName, at: Date): CatalogLookup {
  try {
    if (name.prefix !== null && findProvider({ providerId: name.prefix }) !== undefined) {
      const scoped = resolve(name.bare, at, name.prefix);
      if (scoped !== null) return { found: true, match: scoped };
    }
    const match = resolve(name.full, at);
    if (match !== null) return { found: true, match };
    return { found: false, reason: `model "${name.full}" is not in ${CATALOG_VERSION}` };
  } catch (error) {
    // Malformed catalog data for this model: report it rather than lose the step.
    const detail = error instanceof Error ? error.message : String(error);
    return { found: false, reason: `${CATALOG_VERSION} cannot price "${name.full}": ${detail}` };
  }
}
