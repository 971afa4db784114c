import { fc, test } from "@fast-check/vitest";
import { calcPrice } from "@pydantic/genai-prices";
import { describe, expect } from "vitest";
import { type PriceOverride, priceStep, sumCosts, type Usage } from "../../src/pricing";

const AT = new Date("2025-09-01T12:00:00Z");
const CANONICAL_NON_NEGATIVE = /^(0|[1-9]\d*)(\.\d*[1-9])?$/;

/** Valid usage: parts drawn inside their wholes. */
const usageArb = (maxTokens: number): fc.Arbitrary<Usage> =>
  fc
    .record({
      input: fc.nat({ max: maxTokens }),
      output: fc.nat({ max: maxTokens }),
      readShare: fc.double({ min: 0, max: 1, noNaN: true }),
      writeShare: fc.double({ min: 0, max: 1, noNaN: true }),
      reasoningShare: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ input, output, readShare, writeShare, reasoningShare }) => {
      const cacheRead = Math.floor(input * readShare);
      return {
        input_tokens: input,
        output_tokens: output,
        cache_read_tokens: cacheRead,
        cache_write_tokens: Math.floor((input - cacheRead) * writeShare),
        reasoning_tokens: Math.floor(output * reasoningShare),
      };
    });

const decimalPrice = fc
  .tuple(fc.nat({ max: 1000 }), fc.nat({ max: 999_999 }))
  .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(6, "0")}`);

const overrideArb: fc.Arbitrary<PriceOverride> = fc.record({
  model: fc.constant("house-model"),
  clientId: fc.constant(null),
  effectiveFrom: fc.constant(new Date("2025-01-01T00:00:00Z")),
  inputMtok: decimalPrice,
  outputMtok: decimalPrice,
  cacheReadMtok: fc.option(decimalPrice),
  cacheWriteMtok: fc.option(decimalPrice),
});

const addUsage = (a: Usage, b: Usage): Usage => ({
  input_tokens: a.input_tokens + b.input_tokens,
  output_tokens: a.output_tokens + b.output_tokens,
  cache_read_tokens: a.cache_read_tokens + b.cache_read_tokens,
  cache_write_tokens: a.cache_write_tokens + b.cache_write_tokens,
  reasoning_tokens: a.reasoning_tokens + b.reasoning_tokens,
});

describe("cost properties", () => {
  test.prop([
    fc.constantFrom("gpt-4o", "claude-sonnet-4-5", "o3", "gemini-1.5-flash", "deepseek-chat"),
    usageArb(2_000_000),
  ])("a catalog cost is a canonical non-negative decimal", (model, usage) => {
    const { cost } = priceStep({ model, usage, at: AT });
    expect(cost).toMatch(CANONICAL_NON_NEGATIVE);
  });

  test.prop([overrideArb, usageArb(1_000_000_000)])(
    "an override cost is a canonical non-negative decimal",
    (override, usage) => {
      const { cost } = priceStep({ model: "house-model", usage, at: AT, overrides: [override] });
      expect(cost).toMatch(CANONICAL_NON_NEGATIVE);
    },
  );

  // gpt-4o's unit prices need at most 7 places per token, so no step rounds at 10 places
  // and cost is exactly additive in usage.
  test.prop([usageArb(1_000_000_000), usageArb(1_000_000_000)])(
    "is additive in usage for a flat-priced model",
    (a, b) => {
      const cost = (usage: Usage) => priceStep({ model: "gpt-4o", usage, at: AT }).cost ?? "";
      expect(sumCosts([cost(a), cost(b)])).toBe(cost(addUsage(a, b)));
    },
  );

  // Same rules as genai-prices (cache parts, fallbacks, tier choice), up to its float error.
  test.prop([fc.constantFrom("gpt-4o", "claude-sonnet-4-5", "o3"), usageArb(400_000)])(
    "agrees with the library's float total",
    (model, usage) => {
      const ours = Number(priceStep({ model, usage, at: AT }).cost);
      const theirs = calcPrice(
        {
          input_tokens: usage.input_tokens,
          cache_read_tokens: usage.cache_read_tokens,
          cache_write_tokens: usage.cache_write_tokens,
          output_tokens: usage.output_tokens,
        },
        model,
        { timestamp: AT },
      )?.total_price;
      expect(theirs).toBeTypeOf("number");
      expect(Math.abs(ours - (theirs ?? Number.NaN))).toBeLessThanOrEqual(1e-10 + 1e-12 * ours);
    },
  );
});
