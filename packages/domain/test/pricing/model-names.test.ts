import { waitForUpdate } from "@pydantic/genai-prices";
import { describe, expect, it } from "vitest";
import { lookupUnitPrices, priceStep } from "../../src/pricing";
import { CATALOG_PROVIDER_IDS } from "../../src/pricing/catalog-scan";

const AT = new Date("2025-09-01T12:00:00Z");

describe("model names only a scan of every provider finds", () => {
  it.each([
    ["sonar", "perplexity", "sonar"],
    ["sonar-pro", "perplexity", "sonar-pro"],
    ["Sonar-Reasoning-Pro", "perplexity", "sonar-reasoning-pro"],
    ["llama-3.3-70b-versatile", "groq", "llama-3.3-70b-versatile"],
  ])("finds %j at %s", (model, providerId, modelId) => {
    const step = priceStep({ model, usage: { input_tokens: 1, output_tokens: 1 }, at: AT });
    expect(step.costSource).toBe("computed");
    expect(step.priceDetails).toMatchObject({
      providerId,
      modelId,
      match: { method: "scan", candidates: [`${providerId}/${modelId}`] },
    });
  });

  it("picks the model's maker among several providers, and says why", () => {
    // Bedrock's id without its bedrock/ prefix: aws's model, and google's claude-3-5-sonnet
    // (whose pattern "contains" it) match; the name is Anthropic's, and aws's id says so.
    const found = lookupUnitPrices("anthropic.claude-3-5-sonnet-20240620-v1:0", AT);
    expect(found?.details).toMatchObject({
      providerId: "aws",
      modelId: "regional.anthropic.claude-3-5-sonnet-20240620-v1:0",
      match: {
        method: "scan",
        candidates: [
          "aws/regional.anthropic.claude-3-5-sonnet-20240620-v1:0",
          "google/claude-3-5-sonnet",
        ],
        reason: expect.stringContaining("its maker is anthropic"),
      },
    });
    // The prefixed name is found under aws directly.
    expect(
      lookupUnitPrices("bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0", AT)?.details,
    ).toMatchObject({ providerId: "aws", match: { method: "provider-prefix" } });
  });

  it("does not guess between resellers of a model nobody makes among them", () => {
    const step = priceStep({
      model: "meta-llama/llama-3.3-70b-instruct",
      usage: { input_tokens: 1, output_tokens: 1 },
      at: AT,
    });
    expect(step).toMatchObject({ cost: null, costSource: "unpriced" });
    expect(step.unpricedReason).toContain('model "meta-llama/llama-3.3-70b-instruct" is ambiguous');
    expect(step.unpricedReason).toContain("openrouter/meta-llama/llama-3.3-70b-instruct");
    // Naming the provider settles it.
    expect(
      lookupUnitPrices("openrouter/meta-llama/llama-3.3-70b-instruct", AT)?.details.providerId,
    ).toBe("openrouter");
  });
});

describe("the provider:model spelling", () => {
  it.each([
    ["openai:gpt-4o", "openai", "gpt-4o"],
    ["anthropic:claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5"],
    ["perplexity:sonar", "perplexity", "sonar"],
  ])("finds %j at %s like provider/model", (model, providerId, modelId) => {
    expect(lookupUnitPrices(model, AT)?.details).toMatchObject({
      providerId,
      modelId,
      match: { method: "provider-prefix" },
    });
  });

  it("keeps colons that are part of a model's name", () => {
    expect(lookupUnitPrices("nobody:gpt-4o", AT)).toBeNull();
    expect(lookupUnitPrices("amazon.nova-sonic-v1:0", AT)?.details.providerId).toBe("aws");
  });
});

describe("CATALOG_PROVIDER_IDS", () => {
  it("lists every provider of the bundled data, in its order", async () => {
    const providers = (await waitForUpdate()) ?? [];
    expect(CATALOG_PROVIDER_IDS).toEqual(providers.map((provider) => provider.id));
  });
});
