import { describe, expect, it } from "vitest";
import { priceStep } from "../../src/pricing";
import { chargeUsage } from "../../src/pricing/charge-usage";
import { Money } from "../../src/pricing/decimal";
import type { PriceEntry } from "../../src/pricing/price-list";
import { priceUnit } from "../../src/pricing/price-units";
import { parseUsage } from "../../src/pricing/usage";

const AT = new Date("2025-09-01T12:00:00Z");
const USAGE = { input_tokens: 1000, output_tokens: 500 };

const mtok = (key: string, usage: string, quantity: number, unitPrice: string, amount: string) => ({
  key,
  usage,
  quantity,
  unitPrice,
  per: 1_000_000,
  amount,
});

describe("priceStep: every component of the catalog's price is charged", () => {
  it("charges Perplexity's per-request fee, one request per step unless usage says", () => {
    // sonar: 1 per Mtok in and out, 12 per thousand requests
    const one = priceStep({ model: "sonar", usage: USAGE, at: AT });
    expect(one).toMatchObject({ cost: "0.0135", costSource: "computed", provider: "perplexity" });
    expect(one.priceDetails?.components).toEqual([
      mtok("input_mtok", "input_tokens", 1000, "1", "0.001"),
      mtok("output_mtok", "output_tokens", 500, "1", "0.0005"),
      {
        key: "requests_kcount",
        usage: "requests",
        quantity: 1,
        unitPrice: "12",
        per: 1000,
        amount: "0.012",
      },
    ]);
    expect(one.priceDetails?.exactCost).toBe("0.0135");
    const three = priceStep({ model: "sonar", usage: { ...USAGE, requests: 3 }, at: AT });
    expect(three.cost).toBe("0.0375");
    const none = priceStep({ model: "sonar", usage: { ...USAGE, requests: 0 }, at: AT });
    expect(none.cost).toBe("0.0015");
    // sonar-pro: 3 / 15 per Mtok and 14 per thousand requests: 0.003 + 0.0075 + 0.014
    expect(priceStep({ model: "sonar-pro", usage: USAGE, at: AT }).cost).toBe("0.0245");
  });

  it("charges reasoning and citation tokens at their own prices, out of output", () => {
    // sonar-deep-research: in 2, out 8, reasoning 3, citations 2 per Mtok; searches 5 per k
    const step = priceStep({
      model: "sonar-deep-research",
      usage: { ...USAGE, reasoning_tokens: 300, citation_tokens: 100, web_searches: 4 },
      at: AT,
    });
    // 1000*2 + 100*8 + 300*3 + 100*2 = 3900 per Mtok, + 4 * 5 / 1000
    expect(step.cost).toBe("0.0239");
    const charged = step.priceDetails?.components.map(({ key, quantity }) => [key, quantity]);
    expect(charged).toEqual([
      ["input_mtok", 1000],
      ["output_mtok", 100],
      ["output_reasoning_mtok", 300],
      ["output_citation_mtok", 100],
      ["web_searches_kcount", 4],
    ]);
  });

  it("charges Claude's 1-hour cache writes at their price, out of the cache writes", () => {
    // claude-sonnet-4-5: input 3, 5-minute write 3.75, 1-hour write 6 per Mtok
    const usage = { input_tokens: 1000, cache_write_tokens: 800, output_tokens: 0 };
    const fiveMinutes = priceStep({ model: "claude-sonnet-4-5", usage, at: AT });
    expect(fiveMinutes.cost).toBe("0.0036"); // 200*3 + 800*3.75
    const mixed = priceStep({
      model: "claude-sonnet-4-5",
      usage: { ...usage, cache_write_1h_tokens: 500 },
      at: AT,
    });
    expect(mixed.cost).toBe("0.004725"); // 200*3 + 300*3.75 + 500*6
    const web = priceStep({
      model: "claude-sonnet-4-5",
      usage: { ...usage, web_searches: 2 },
      at: AT,
    });
    expect(web.cost).toBe("0.0236"); // + 2 * 10 / 1000
  });

  it("charges audio, image and cached audio at their prices where the model has them", () => {
    // gemini-2.5-flash: input 0.3, cache read 0.03, audio 1, cached audio 0.1, output 2.5
    const step = priceStep({
      model: "gemini-2.5-flash",
      usage: {
        input_tokens: 1000,
        cache_read_tokens: 400,
        input_audio_tokens: 300,
        cache_audio_read_tokens: 100,
        input_image_tokens: 100, // no image price: charged as input
        output_tokens: 10,
      },
      at: AT,
    });
    // input 400*0.3 + cache 300*0.03 + audio 200*1 + cached audio 100*0.1 + output 10*2.5
    expect(step.cost).toBe("0.000364");
  });

  it("records a tiered price's schedule on its component", () => {
    const step = priceStep({
      model: "claude-sonnet-4-5",
      usage: { input_tokens: 200_001, output_tokens: 0 },
      at: AT,
    });
    expect(step.priceDetails?.components[0]).toEqual({
      ...mtok("input_mtok", "input_tokens", 200_001, "6", "1.200006"),
      schedule: { base: "3", tiers: [{ start: 200_000, price: "6" }] },
    });
  });

  it("leaves a step unpriced when usage splits a count into more than it holds", () => {
    // 300 audio + 800 cached tokens in 1000, and no cached audio reported: they overlap by
    // at least 100 tokens whose price (audio? cache?) is unknown.
    const usage = {
      input_tokens: 1000,
      cache_read_tokens: 800,
      input_audio_tokens: 300,
      output_tokens: 0,
    };
    const step = priceStep({ model: "gemini-2.5-flash", usage, at: AT });
    expect(step).toMatchObject({ cost: null, costSource: "unpriced", provider: "google" });
    expect(step.unpricedReason).toContain(
      "usage splits input_tokens (1000) into more than it holds",
    );
    // The same usage is fine for a model without an audio price: audio is then just input.
    expect(priceStep({ model: "gpt-4o", usage, at: AT }).cost).toBe("0.0015"); // 200*2.5 + 800*1.25
  });
});

describe("chargeUsage: prices it cannot split", () => {
  const entry = (key: string, price: string): PriceEntry => ({
    key,
    unit: priceUnit(key),
    base: new Money(price),
    tiers: [],
    source: "catalog",
  });
  const usage = parseUsage(USAGE);

  it("refuses a part priced without its whole", () => {
    const result = chargeUsage(
      [entry("input_mtok", "1"), entry("output_mtok", "2"), entry("cache_write_1h_mtok", "3")],
      usage,
    );
    expect(result).toEqual({
      ok: false,
      reason:
        "it prices cache_write_1h_mtok but not cache_write_mtok, which it is part of; record the step's cost_usd",
    });
  });

  it("refuses overlapping parts priced without their overlap", () => {
    const result = chargeUsage(
      [entry("input_mtok", "1"), entry("cache_read_mtok", "0.1"), entry("input_audio_mtok", "5")],
      usage,
    );
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringContaining("cache_read_mtok and input_audio_mtok, which overlap"),
    });
  });

  it("refuses a price no usage count maps to, naming it", () => {
    const result = chargeUsage(
      [entry("input_mtok", "1"), entry("input_document_kpages", "3")],
      usage,
    );
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringContaining("input_document_kpages"),
    });
  });
});
