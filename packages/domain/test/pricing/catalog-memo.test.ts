import { calcPrice, findProvider } from "@pydantic/genai-prices";
import { beforeEach, describe, expect, it } from "vitest";
import {
  CATALOG_VERSION,
  type CatalogLookup,
  catalogMemoSize,
  clearCatalogMemo,
  lookupCatalog,
} from "../../src/pricing/catalog";
import { parseModelName } from "../../src/pricing/model-name";

/**
 * The lookup without a memo: the library's full matching on every call. (These names are
 * all found by a provider prefix or the library itself, or by nothing: no scan involved.)
 */
function reference(model: string, at: Date): CatalogLookup {
  const name = parseModelName(model);
  const resolve = (id: string, providerId?: string) => {
    const result = calcPrice(
      {},
      id,
      providerId ? { providerId, timestamp: at } : { timestamp: at },
    );
    return result === null
      ? null
      : {
          modelId: result.model.id,
          providerId: result.provider.id,
          modelPrice: result.model_price,
          info: { method: providerId ? ("provider-prefix" as const) : ("library" as const) },
        };
  };
  if (name.prefix !== null && findProvider({ providerId: name.prefix }) !== undefined) {
    const scoped = resolve(name.bare, name.prefix);
    if (scoped !== null) return { found: true, match: scoped };
  }
  const match = resolve(name.full);
  if (match !== null) return { found: true, match };
  return { found: false, reason: `model "${name.full}" is not in ${CATALOG_VERSION}` };
}

const names = [
  "gpt-4o",
  "GPT-4o",
  "  gpt-4o ",
  "openai/gpt-4o",
  "azure/gpt-4o",
  "gpt-4o-mini",
  "o3", // dated: cut from 10/40 to 2/8 on 2025-06-10
  "openai/o3",
  "deepseek-chat", // time-of-day prices
  "deepseek/deepseek-chat",
  "claude-sonnet-4-5",
  "anthropic/claude-sonnet-4-5",
  "claude-3-5-sonnet-20241022",
  "gemini-2.5-pro",
  "google/gemini-2.5-pro",
  "openrouter/anthropic/claude-sonnet-4",
  "no-such-model",
  "nobody/no-such-model",
  "openai/no-such-model",
];

const times = [
  "2024-01-01T00:00:00Z",
  "2025-06-09T23:59:59Z",
  "2025-06-10T00:00:00Z",
  "2025-09-01T00:15:00Z",
  "2025-09-01T12:00:00Z",
  "2025-09-01T17:00:00Z",
  "2026-04-01T03:00:00Z",
  "2026-09-01T12:00:00Z",
].map((iso) => new Date(iso));

describe("lookupCatalog's memo", () => {
  beforeEach(() => {
    clearCatalogMemo();
  });

  it("answers exactly as the unmemoized lookup, on the first call and every later one", () => {
    for (let pass = 0; pass < 2; pass++) {
      for (const model of names) {
        for (const at of times) {
          expect(
            lookupCatalog(parseModelName(model), at),
            `${model} at ${at.toISOString()}`,
          ).toEqual(reference(model, at));
        }
      }
    }
    // One entry per normalized name.
    expect(catalogMemoSize()).toBe(new Set(names.map((name) => parseModelName(name).full)).size);
  });

  it("still chooses dated and time-of-day prices per call", () => {
    const o3 = parseModelName("o3");
    const before = lookupCatalog(o3, new Date("2025-06-09T12:00:00Z"));
    const after = lookupCatalog(o3, new Date("2025-06-11T12:00:00Z"));
    expect(before.found && before.match.modelPrice.input_mtok).toBe(10);
    expect(after.found && after.match.modelPrice.input_mtok).toBe(2);
    const deepseek = parseModelName("deepseek-chat");
    const day = lookupCatalog(deepseek, new Date("2025-09-01T12:00:00Z"));
    const night = lookupCatalog(deepseek, new Date("2025-09-01T20:00:00Z"));
    expect(day).toEqual(reference("deepseek-chat", new Date("2025-09-01T12:00:00Z")));
    expect(night).toEqual(reference("deepseek-chat", new Date("2025-09-01T20:00:00Z")));
  });

  it("stays bounded", () => {
    const at = new Date("2025-09-01T12:00:00Z");
    for (let i = 0; i < 5000; i++) lookupCatalog(parseModelName(`unknown-model-${i}`), at);
    expect(catalogMemoSize()).toBeLessThanOrEqual(4096);
    expect(lookupCatalog(parseModelName("gpt-4o"), at)).toEqual(reference("gpt-4o", at));
  });
});
