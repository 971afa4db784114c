import {
  calcPrice,
  findProvider,
  type ModelInfo,
  type ModelPrice,
  type Provider,
} from "@pydantic/genai-prices";
import type { ModelName } from "./model-name";

/**
 * The default price catalog, pinned by exact version in package.json. Recorded in every
 * price details so a cost can be traced to the data it came from. The library's bundled
 * data is used as is: we never call updatePrices/waitForUpdate, so there is no network I/O
 * (and the data never changes under the memo below).
 */
export const CATALOG_VERSION = "@pydantic/genai-prices@0.1.8";

export interface CatalogMatch {
  modelId: string;
  providerId: string;
  /** The library's price entry in force at the lookup time (dated prices already chosen). */
  modelPrice: ModelPrice;
}

export type CatalogLookup = { found: true; match: CatalogMatch } | { found: false; reason: string };

/**
 * How a name resolved, which does not depend on the time: the model and provider the
 * library matched, and the arguments that matched them. `provider` is the matched provider
 * holding only the matched model, so the library's dated-price choice can be re-run per
 * call without scanning the catalog again.
 */
interface Resolution {
  model: string;
  providerId: string | undefined;
  provider: Provider;
  modelId: string;
  /** The model's only price when it has no dated or time-of-day prices, else null. */
  fixedPrice: ModelPrice | null;
}

/** Memo of name → resolution (null: not in the catalog), bounded; oldest entries go first. */
const MEMO_LIMIT = 4096;
const memo = new Map<string, Resolution | null>();

function remember(key: string, value: Resolution | null): void {
  if (memo.size >= MEMO_LIMIT) {
    const oldest = memo.keys().next();
    if (!oldest.done) memo.delete(oldest.value);
  }
  memo.set(key, value);
}

// calcPrice is the library's only public path to its model matching and dated-price
// selection. We call it with empty usage: it then computes nothing we rely on and
// only returns the resolved model, provider and applicable unit prices.
function resolve(
  model: string,
  at: Date,
  providerId?: string,
): { match: CatalogMatch; resolution: Resolution } | null {
  const result = calcPrice(
    {},
    model,
    providerId ? { providerId, timestamp: at } : { timestamp: at },
  );
  if (result === null) return null;
  const matched: ModelInfo = result.model;
  return {
    match: {
      modelId: matched.id,
      providerId: result.provider.id,
      modelPrice: result.model_price,
    },
    resolution: {
      model,
      providerId,
      // No fallback providers: the one model is matched directly, under this provider's id.
      provider: { ...result.provider, models: [matched], fallback_model_providers: undefined },
      modelId: matched.id,
      fixedPrice: Array.isArray(matched.prices) ? null : matched.prices,
    },
  };
}

/** A remembered resolution at a time: only the dated-price choice runs again. */
function priceAt(resolution: Resolution, at: Date): CatalogMatch | null {
  if (resolution.fixedPrice !== null) {
    return {
      modelId: resolution.modelId,
      providerId: resolution.provider.id,
      modelPrice: resolution.fixedPrice,
    };
  }
  const result = calcPrice({}, resolution.model, {
    provider: resolution.provider,
    ...(resolution.providerId ? { providerId: resolution.providerId } : {}),
    timestamp: at,
  });
  if (result === null) return null;
  return {
    modelId: result.model.id,
    providerId: result.provider.id,
    modelPrice: result.model_price,
  };
}

/** The first lookup of a name: the library's full matching, remembered when it succeeds. */
function resolveName(name: ModelName, at: Date): CatalogMatch | null {
  if (name.prefix !== null && findProvider({ providerId: name.prefix }) !== undefined) {
    const scoped = resolve(name.bare, at, name.prefix);
    if (scoped !== null) {
      remember(name.full, scoped.resolution);
      return scoped.match;
    }
  }
  const found = resolve(name.full, at);
  remember(name.full, found?.resolution ?? null);
  return found?.match ?? null;
}

/**
 * Finds a model in the catalog at a time. A "provider/" prefix naming a catalog provider
 * scopes the lookup to it (genai-prices itself does not split prefixes except in LiteLLM
 * mode); otherwise, or when that misses, the full name is matched the library's way
 * (provider guessed from the name), which also covers names with a slash of their own.
 * The match (which model of which provider, or none) is memoized per normalized name,
 * since it does not depend on the time; the dated price is chosen on every call.
 */
export function lookupCatalog(name: ModelName, at: Date): CatalogLookup {
  try {
    const known = memo.get(name.full);
    const match =
      known === undefined ? resolveName(name, at) : known === null ? null : priceAt(known, at);
    if (match !== null) return { found: true, match };
    return { found: false, reason: `model "${name.full}" is not in ${CATALOG_VERSION}` };
  } catch (error) {
    // Malformed catalog data for this model: report it rather than lose the step.
    const detail = error instanceof Error ? error.message : String(error);
    return { found: false, reason: `${CATALOG_VERSION} cannot price "${name.full}": ${detail}` };
  }
}

/** For tests: forget every memoized match. */
export function clearCatalogMemo(): void {
  memo.clear();
}

/** For tests: how many names are memoized. */
export function catalogMemoSize(): number {
  return memo.size;
}
