import {
  calcPrice,
  findProvider,
  type ModelInfo,
  type ModelPrice,
  type Provider,
} from "@pydantic/genai-prices";
import { scanCatalog } from "./catalog-scan";
import type { ModelName } from "./model-name";
import type { CatalogMatchInfo } from "./types";

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
  /** How the name was matched (recorded in price details). */
  info: CatalogMatchInfo;
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
  info: CatalogMatchInfo;
}

/** Memo of name → resolution (a string: why it is not found), bounded; oldest go first. */
const MEMO_LIMIT = 4096;
const memo = new Map<string, Resolution | string>();

function remember(key: string, value: Resolution | string): void {
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
  const info: CatalogMatchInfo = { method: providerId ? "provider-prefix" : "library" };
  return resolved(model, providerId, result.provider, result.model, result.model_price, info);
}

function resolved(
  model: string,
  providerId: string | undefined,
  provider: Provider,
  matched: ModelInfo,
  modelPrice: ModelPrice,
  info: CatalogMatchInfo,
): { match: CatalogMatch; resolution: Resolution } {
  return {
    match: { modelId: matched.id, providerId: provider.id, modelPrice, info },
    resolution: {
      model,
      providerId,
      // No fallback providers: the one model is matched directly, under this provider's id.
      provider: { ...provider, models: [matched], fallback_model_providers: undefined },
      modelId: matched.id,
      fixedPrice: Array.isArray(matched.prices) ? null : matched.prices,
      info,
    },
  };
}

/**
 * A name the library's matching misses: found by scanning every provider's models. The
 * chosen model is then re-matched under its provider alone, like any other resolution.
 */
function resolveByScan(
  name: string,
  at: Date,
): { match: CatalogMatch; resolution: Resolution } | string {
  const scan = scanCatalog(name);
  if (!scan.found) {
    return scan.candidates.length === 0
      ? notInCatalog(name)
      : `model "${name}" is ambiguous in ${CATALOG_VERSION}: ${scan.candidates.join(", ")} match it and none is its maker's; name the provider ("provider/model")`;
  }
  const { provider, model } = scan.chosen;
  const result = calcPrice({}, name, { provider: { ...provider, models: [model] }, timestamp: at });
  if (result === null) return notInCatalog(name);
  const info: CatalogMatchInfo = {
    method: "scan",
    candidates: scan.candidates,
    ...(scan.reason === undefined ? {} : { reason: scan.reason }),
  };
  return resolved(name, undefined, result.provider, result.model, result.model_price, info);
}

const notInCatalog = (name: string) => `model "${name}" is not in ${CATALOG_VERSION}`;

/** A remembered resolution at a time: only the dated-price choice runs again. */
function priceAt(resolution: Resolution, at: Date): CatalogMatch | null {
  if (resolution.fixedPrice !== null) {
    return {
      modelId: resolution.modelId,
      providerId: resolution.provider.id,
      modelPrice: resolution.fixedPrice,
      info: resolution.info,
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
    info: resolution.info,
  };
}

/** The segment before a ":" that is a provider's exact id ("openai:gpt-4o"), if any. */
function colonPrefix(name: ModelName): { providerId: string; bare: string } | null {
  if (name.prefix !== null) return null;
  const colon = name.full.indexOf(":");
  if (colon <= 0 || colon === name.full.length - 1) return null;
  const providerId = name.full.slice(0, colon);
  if (findProvider({ providerId })?.id !== providerId) return null;
  return { providerId, bare: name.full.slice(colon + 1) };
}

/**
 * The first lookup of a name, remembered: a "provider/" prefix naming a provider scopes
 * the lookup to it; then the library's own matching of the full name; then the
 * "provider:model" spelling; then a scan of every provider's models (catalog-scan.ts).
 */
function resolveName(name: ModelName, at: Date): CatalogMatch | string {
  const attempts = [
    () =>
      name.prefix !== null && findProvider({ providerId: name.prefix }) !== undefined
        ? resolve(name.bare, at, name.prefix)
        : null,
    () => resolve(name.full, at),
    () => {
      const colon = colonPrefix(name);
      return colon === null ? null : resolve(colon.bare, at, colon.providerId);
    },
  ];
  for (const attempt of attempts) {
    const found = attempt();
    if (found !== null) {
      remember(name.full, found.resolution);
      return found.match;
    }
  }
  const scanned = resolveByScan(name.full, at);
  remember(name.full, typeof scanned === "string" ? scanned : scanned.resolution);
  return typeof scanned === "string" ? scanned : scanned.match;
}

/**
 * Finds a model in the catalog at a time (resolveName says how). The match (which model
 * of which provider, or why none) is memoized per normalized name, since it does not
 * depend on the time; the dated price is chosen on every call.
 */
export function lookupCatalog(name: ModelName, at: Date): CatalogLookup {
  try {
    const known = memo.get(name.full);
    const match =
      known === undefined
        ? resolveName(name, at)
        : typeof known === "string"
          ? known
          : (priceAt(known, at) ?? notInCatalog(name.full));
    if (typeof match !== "string") return { found: true, match };
    return { found: false, reason: match };
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
