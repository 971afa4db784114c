import { calcPrice } from "@pydantic/genai-prices";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/errors";
import { priceStep } from "../../src/pricing";

const AT = new Date("2025-09-01T12:00:00Z");
const USAGE = { input_tokens: 1000, output_tokens: 500 };

describe("priceStep: computed cost", () => {
  it("prices gpt-4o 1000/500 at exactly 0.0075", () => {
    const step = priceStep({ model: "gpt-4o", usage: USAGE, at: AT });
    expect(step).toMatchObject({
      cost: "0.0075",
      costSource: "computed",
      tokens: 1500,
      provider: "openai",
      unpricedReason: null,
    });
  });

  it("prices claude-sonnet-4-5 1000/500 at exactly 0.0105, where float maths does not", () => {
    const floatTotal = calcPrice(USAGE, "claude-sonnet-4-5", { timestamp: AT })?.total_price;
    expect(floatTotal).not.toBe(0.0105); // the library's own float total: 0.010499999999999999
    const step = priceStep({ model: "anthropic/claude-sonnet-4-5", usage: USAGE, at: AT });
    expect(step.cost).toBe("0.0105");
    expect(step.provider).toBe("anthropic");
  });

  it("charges cache reads and writes at their prices and only the rest at the input price", () => {
    // claude-sonnet-4-5: input 3, cache read 0.3, cache write 3.75, output 15 per Mtok
    const step = priceStep({
      model: "claude-sonnet-4-5",
      usage: {
        input_tokens: 10_000,
        cache_read_tokens: 6_000,
        cache_write_tokens: 3_000,
        output_tokens: 0,
      },
      at: AT,
    });
    // 1000 * 3 + 6000 * 0.3 + 3000 * 3.75 = 3000 + 1800 + 11250 = 16050 per million
    expect(step.cost).toBe("0.01605");
  });

  it("charges cache tokens at the input price when the model has no cache price", () => {
    // gpt-4o has a cache-read price (1.25) but no cache-write price
    const step = priceStep({
      model: "gpt-4o",
      usage: { input_tokens: 1000, cache_write_tokens: 1000, output_tokens: 0 },
      at: AT,
    });
    expect(step.cost).toBe("0.0025");
  });

  it("charges reasoning tokens as output (they are part of it, not on top)", () => {
    const plain = priceStep({ model: "gpt-4o", usage: USAGE, at: AT });
    const reasoning = priceStep({
      model: "gpt-4o",
      usage: { ...USAGE, reasoning_tokens: 400 },
      at: AT,
    });
    expect(reasoning.cost).toBe(plain.cost);
    expect(reasoning.tokens).toBe(1500);
  });

  it("uses the tier chosen by all input tokens, cached included, for every token kind", () => {
    // above 200k input: input 6, cache read 0.6, output 22.5 per Mtok
    const step = priceStep({
      model: "claude-sonnet-4-5",
      usage: { input_tokens: 200_001, cache_read_tokens: 150_000, output_tokens: 1_000 },
      at: AT,
    });
    // 50001 * 6 + 150000 * 0.6 + 1000 * 22.5 = 300006 + 90000 + 22500 = 412506 per million
    expect(step.cost).toBe("0.412506");
    const below = priceStep({
      model: "claude-sonnet-4-5",
      usage: { input_tokens: 200_000, cache_read_tokens: 150_000, output_tokens: 1_000 },
      at: AT,
    });
    // 50000 * 3 + 150000 * 0.3 + 1000 * 15 = 150000 + 45000 + 15000 = 210000 per million
    expect(below.cost).toBe("0.21");
  });

  it("prices at the step's completion time (dated prices)", () => {
    const before = priceStep({ model: "o3", usage: USAGE, at: new Date("2025-06-01T00:00:00Z") });
    const after = priceStep({ model: "o3", usage: USAGE, at: new Date("2025-06-15T00:00:00Z") });
    expect(before.cost).toBe("0.03"); // 1000 * 10 + 500 * 40
    expect(after.cost).toBe("0.006"); // 1000 * 2 + 500 * 8
  });

  it("rounds a step cost half away from zero to 10 places, trailing zeros trimmed", () => {
    // gemini-1.5-flash cache read 0.01875 per Mtok: 1 token = 0.00000001875 -> 0.0000000188
    const step = priceStep({
      model: "gemini-1.5-flash",
      usage: { input_tokens: 1, cache_read_tokens: 1, output_tokens: 0 },
      at: AT,
    });
    expect(step.cost).toBe("0.0000000188");
  });

  it("records what the step was priced with", () => {
    const step = priceStep({ model: "claude-sonnet-4-5-20250929", usage: USAGE, at: AT });
    expect(step.priceDetails).toMatchObject({
      source: "catalog",
      catalog: "@pydantic/genai-prices@0.1.8",
      modelId: "claude-sonnet-4-5",
      providerId: "anthropic",
      overrideId: null,
      pricedAt: "2025-09-01T12:00:00.000Z",
      unitPrices: {
        inputMtok: "3",
        outputMtok: "15",
        cacheReadMtok: "0.3",
        cacheWriteMtok: "3.75",
      },
    });
  });
});

describe("priceStep: unpriced steps", () => {
  it("leaves an unknown model unpriced with a reason, keeping its tokens", () => {
    const step = priceStep({ model: "my-private-model", usage: USAGE, at: AT });
    expect(step).toEqual({
      cost: null,
      costSource: "unpriced",
      tokens: 1500,
      provider: null,
      priceDetails: null,
      unpricedReason: expect.stringContaining('"my-private-model"'),
    });
  });

  it.each([undefined, null, "", "   "])("leaves a step with model %j unpriced", (model) => {
    const step = priceStep({ model, usage: USAGE, at: AT });
    expect(step).toMatchObject({ cost: null, costSource: "unpriced", tokens: 1500 });
    expect(step.unpricedReason).toBe("no model given");
  });

  it("leaves a model priced only in units usage does not report unpriced, naming them", () => {
    const step = priceStep({ model: "whisper-1", usage: USAGE, at: AT });
    expect(step).toMatchObject({ cost: null, costSource: "unpriced", provider: "openai" });
    expect(step.unpricedReason).toBe(
      "openai/whisper-1: its price includes audio_hours, input_audio_hours, which step usage does not report; record the step's cost_usd",
    );
  });
});

describe("priceStep: reported cost", () => {
  it("wins over the computed cost, keeping the computed price details", () => {
    const step = priceStep({ model: "gpt-4o", usage: USAGE, at: AT, costUsd: "0.00712" });
    expect(step).toMatchObject({
      cost: "0.00712",
      costSource: "reported",
      provider: "openai",
      unpricedReason: null,
      priceDetails: { source: "catalog", modelId: "gpt-4o" },
    });
  });

  it("prices an unknown model's step with the reported cost", () => {
    const step = priceStep({ model: "my-private-model", usage: USAGE, at: AT, costUsd: 0.25 });
    expect(step).toEqual({
      cost: "0.25",
      costSource: "reported",
      tokens: 1500,
      provider: null,
      priceDetails: null,
      unpricedReason: null,
    });
  });

  it("accepts a reported zero", () => {
    const step = priceStep({ model: "gpt-4o", usage: USAGE, at: AT, costUsd: "0" });
    expect(step).toMatchObject({ cost: "0", costSource: "reported" });
  });

  it.each(["NaN", "1e309", "-1", "abc"])("rejects the reported cost %j", (costUsd) => {
    expect(() => priceStep({ model: "gpt-4o", usage: USAGE, at: AT, costUsd })).toThrow(
      expect.objectContaining({
        code: "VALIDATION",
        issues: [expect.objectContaining({ path: "cost_usd" })],
      }),
    );
  });
});

describe("priceStep: validation", () => {
  it("rejects invalid usage with a DomainError", () => {
    expect(() =>
      priceStep({
        model: "gpt-4o",
        usage: { input_tokens: 5, output_tokens: 1, cache_read_tokens: 6 },
        at: AT,
      }),
    ).toThrow(DomainError);
  });

  it("rejects an invalid time, even for an unknown model", () => {
    expect(() => priceStep({ model: null, usage: USAGE, at: new Date(Number.NaN) })).toThrow(
      DomainError,
    );
  });
});
