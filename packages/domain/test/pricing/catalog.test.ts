import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DomainError } from "../../src/errors";
import { CATALOG_VERSION, lookupUnitPrices } from "../../src/pricing";

const AT = new Date("2025-09-01T12:00:00Z");

describe("CATALOG_VERSION", () => {
  it("names the installed genai-prices version", () => {
    const require = createRequire(import.meta.url);
    const entry = require.resolve("@pydantic/genai-prices");
    const pkg = JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8"));
    expect(CATALOG_VERSION).toBe(`${pkg.name}@${pkg.version}`);
    expect(CATALOG_VERSION).toBe("@pydantic/genai-prices@0.1.8");
  });
});

describe("catalog import", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("makes no network request when loaded and used", async () => {
    const fetchSpy = vi.fn(() => Promise.reject(new Error("network is off in tests")));
    vi.stubGlobal("fetch", fetchSpy);
    vi.resetModules();
    const fresh = await import("../../src/pricing");
    expect(fresh.lookupUnitPrices("gpt-4o", AT)?.unitPrices.inputMtok).toBe("2.5");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe("lookupUnitPrices: model names", () => {
  const gpt4o = {
    inputMtok: "2.5",
    outputMtok: "10",
    cacheReadMtok: "1.25",
    cacheWriteMtok: "2.5", // the catalog has no cache-write price for gpt-4o: input price
  };

  it.each(["gpt-4o", "openai/gpt-4o", "OpenAI/GPT-4o", "  gpt-4o  "])(
    "finds %j as openai gpt-4o",
    (model) => {
      const found = lookupUnitPrices(model, AT);
      expect(found?.unitPrices).toEqual(gpt4o);
      expect(found?.details).toMatchObject({ modelId: "gpt-4o", providerId: "openai" });
    },
  );

  it("scopes a provider prefix to that provider", () => {
    // azure serves openai models through its fallback providers
    expect(lookupUnitPrices("azure/gpt-4o", AT)?.details).toMatchObject({
      modelId: "gpt-4o",
      providerId: "azure",
    });
    expect(lookupUnitPrices("anthropic/claude-sonnet-4-5", AT)?.details).toMatchObject({
      modelId: "claude-sonnet-4-5",
      providerId: "anthropic",
    });
  });

  it("keeps slashes that belong to the provider's model names", () => {
    expect(lookupUnitPrices("openrouter/anthropic/claude-sonnet-4.5", AT)?.details).toMatchObject({
      modelId: "anthropic/claude-sonnet-4.5",
      providerId: "openrouter",
    });
  });

  it("matches dated model names to their model", () => {
    expect(lookupUnitPrices("claude-sonnet-4-5-20250929", AT)?.details.modelId).toBe(
      "claude-sonnet-4-5",
    );
  });

  it("returns null for unknown models and unknown provider prefixes", () => {
    expect(lookupUnitPrices("no-such-model-xyz", AT)).toBeNull();
    expect(lookupUnitPrices("acme/gpt-4o", AT)).toBeNull();
    expect(lookupUnitPrices("", AT)).toBeNull();
  });

  it("returns null for a model the catalog prices in other units than tokens", () => {
    expect(lookupUnitPrices("whisper-1", AT)).toBeNull();
  });

  it("prices a model the catalog lists as free at 0", () => {
    expect(lookupUnitPrices("github-copilot/gpt-4o", AT)?.unitPrices).toEqual({
      inputMtok: "0",
      outputMtok: "0",
      cacheReadMtok: "0",
      cacheWriteMtok: "0",
    });
  });

  it("rejects an invalid time", () => {
    expect(() => lookupUnitPrices("gpt-4o", new Date("not a date"))).toThrow(DomainError);
  });
});

describe("lookupUnitPrices: details for audit", () => {
  it("records catalog, model, provider and time", () => {
    const found = lookupUnitPrices("gpt-4o", AT);
    expect(found?.details).toEqual({
      source: "catalog",
      catalog: "@pydantic/genai-prices@0.1.8",
      modelId: "gpt-4o",
      providerId: "openai",
      overrideId: null,
      pricedAt: "2025-09-01T12:00:00.000Z",
      unitPrices: found?.unitPrices,
      match: { method: "library" },
    });
  });

  it("keeps the catalog's decimal prices as written, not their binary doubles", () => {
    // gemini-1.5-flash cache read is 0.01875 in the data
    expect(lookupUnitPrices("gemini-1.5-flash", AT)?.unitPrices.cacheReadMtok).toBe("0.01875");
  });
});

describe("lookupUnitPrices: dated prices", () => {
  // openai o3: 10/40 per Mtok, cut to 2/8 from 2025-06-10 (a start_date-constrained price)
  it("uses the price in force before the start date", () => {
    const found = lookupUnitPrices("o3", new Date("2025-06-09T23:59:59.999Z"));
    expect(found?.unitPrices).toMatchObject({ inputMtok: "10", outputMtok: "40" });
  });

  it("uses the dated price from its start date on", () => {
    const found = lookupUnitPrices("o3", new Date("2025-06-10T00:00:00.000Z"));
    expect(found?.unitPrices).toMatchObject({ inputMtok: "2", outputMtok: "8" });
  });

  it("selects time-of-day prices by the priced-at time", () => {
    // deepseek-chat: 0.27/1.1 between 00:30 and 16:30 UTC, 0.135/0.55 otherwise
    const peak = lookupUnitPrices("deepseek-chat", new Date("2025-09-01T10:00:00Z"));
    const offPeak = lookupUnitPrices("deepseek-chat", new Date("2025-09-01T20:00:00Z"));
    expect(peak?.unitPrices).toMatchObject({ inputMtok: "0.27", outputMtok: "1.1" });
    expect(offPeak?.unitPrices).toMatchObject({ inputMtok: "0.135", outputMtok: "0.55" });
  });
});

describe("lookupUnitPrices: context tiers", () => {
  // claude-sonnet-4-5: 3/15 (cache 0.3 read, 3.75 write), doubled-ish above 200k input tokens
  it("uses base prices up to the tier start and reports the schedule", () => {
    const found = lookupUnitPrices("claude-sonnet-4-5", AT, { inputTokens: 200_000 });
    expect(found?.unitPrices).toEqual({
      inputMtok: "3",
      outputMtok: "15",
      cacheReadMtok: "0.3",
      cacheWriteMtok: "3.75",
      tier: {
        inputTokens: 200_000,
        schedules: {
          inputMtok: { base: "3", tiers: [{ start: 200_000, price: "6" }] },
          outputMtok: { base: "15", tiers: [{ start: 200_000, price: "22.5" }] },
          cacheReadMtok: { base: "0.3", tiers: [{ start: 200_000, price: "0.6" }] },
          cacheWriteMtok: { base: "3.75", tiers: [{ start: 200_000, price: "7.5" }] },
        },
      },
    });
  });

  it("switches every tiered price once input tokens exceed the start", () => {
    const found = lookupUnitPrices("claude-sonnet-4-5", AT, { inputTokens: 200_001 });
    expect(found?.unitPrices).toMatchObject({
      inputMtok: "6",
      outputMtok: "22.5",
      cacheReadMtok: "0.6",
      cacheWriteMtok: "7.5",
    });
  });

  it("defaults to the base tier without an input size", () => {
    expect(lookupUnitPrices("claude-sonnet-4-5", AT)?.unitPrices.inputMtok).toBe("3");
  });

  it("has no tier for a flat-priced model", () => {
    expect(lookupUnitPrices("gpt-4o", AT, { inputTokens: 500_000 })?.unitPrices.tier).toBe(
      undefined,
    );
  });
});
