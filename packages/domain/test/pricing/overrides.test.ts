import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/errors";
import { lookupUnitPrices, type PriceOverride, priceStep } from "../../src/pricing";

const AT = new Date("2025-09-01T12:00:00Z");
const USAGE = { input_tokens: 1000, output_tokens: 500 };

const override = (fields: Partial<PriceOverride> & { id: string }): PriceOverride => ({
  model: "gpt-4o",
  clientId: null,
  effectiveFrom: new Date("2025-01-01T00:00:00Z"),
  inputMtok: "1",
  outputMtok: "2",
  ...fields,
});

const component = (
  key: string,
  usage: string,
  quantity: number,
  unitPrice: string,
  amount: string,
) => ({ key, usage, quantity, unitPrice, per: 1_000_000, amount });

const chosenId = (overrides: PriceOverride[], clientId: string | null = null, model = "gpt-4o") =>
  lookupUnitPrices(model, AT, { overrides, clientId })?.details.overrideId ?? null;

describe("price overrides", () => {
  it("beat the catalog, and are recorded as the price source", () => {
    const step = priceStep({
      model: "gpt-4o",
      usage: USAGE,
      at: AT,
      overrides: [override({ id: "o1", inputMtok: "2", outputMtok: "8" })],
    });
    expect(step.cost).toBe("0.006"); // 1000 * 2 + 500 * 8, not the catalog's 0.0075
    expect(step.costSource).toBe("computed");
    expect(step.priceDetails).toEqual({
      source: "override",
      catalog: "@pydantic/genai-prices@0.1.8",
      modelId: "gpt-4o",
      providerId: "openai",
      overrideId: "o1",
      pricedAt: "2025-09-01T12:00:00.000Z",
      unitPrices: { inputMtok: "2", outputMtok: "8", cacheReadMtok: "2", cacheWriteMtok: "2" },
      match: { method: "library" },
      components: [
        component("input_mtok", "input_tokens", 1000, "2", "0.002"),
        component("output_mtok", "output_tokens", 500, "8", "0.004"),
        component("cache_read_mtok", "cache_read_tokens", 0, "2", "0"),
        component("cache_write_mtok", "cache_write_tokens", 0, "2", "0"),
      ],
      exactCost: "0.006",
    });
  });

  it("price a model the catalog lacks", () => {
    const step = priceStep({
      model: "acme/house-model",
      usage: USAGE,
      at: AT,
      overrides: [
        override({ id: "acme", model: "house-model", inputMtok: "0.5", outputMtok: "1.5" }),
      ],
    });
    expect(step).toMatchObject({ cost: "0.00125", costSource: "computed", provider: "acme" });
  });

  it("fall back to their input price for missing cache prices", () => {
    const usage = {
      input_tokens: 1000,
      cache_read_tokens: 400,
      cache_write_tokens: 100,
      output_tokens: 0,
    };
    const withoutCache = priceStep({
      model: "gpt-4o",
      usage,
      at: AT,
      overrides: [override({ id: "o", inputMtok: "3" })],
    });
    expect(withoutCache.cost).toBe("0.003");
    const withCache = priceStep({
      model: "gpt-4o",
      usage,
      at: AT,
      overrides: [
        override({
          id: "o",
          inputMtok: "3",
          cacheReadMtok: "0.5",
          cacheWriteMtok: "4",
        }),
      ],
    });
    // 500 * 3 + 400 * 0.5 + 100 * 4 = 1500 + 200 + 400
    expect(withCache.cost).toBe("0.0021");
  });

  it("prefer the step's client over a global override, even a newer one", () => {
    const overrides = [
      override({ id: "client", clientId: "c1", effectiveFrom: new Date("2025-01-01T00:00:00Z") }),
      override({ id: "global", clientId: null, effectiveFrom: new Date("2025-08-01T00:00:00Z") }),
    ];
    expect(chosenId(overrides, "c1")).toBe("client");
    expect(chosenId(overrides, null)).toBe("global");
  });

  it("ignore another client's override", () => {
    const overrides = [override({ id: "other", clientId: "c2" })];
    expect(chosenId(overrides, "c1")).toBeNull();
    expect(chosenId(overrides, null)).toBeNull();
    expect(lookupUnitPrices("gpt-4o", AT, { overrides, clientId: "c1" })?.details.source).toBe(
      "catalog",
    );
  });

  it("take the latest effectiveFrom within a scope", () => {
    const overrides = [
      override({ id: "newer", effectiveFrom: new Date("2025-06-01T00:00:00Z") }),
      override({ id: "older", effectiveFrom: new Date("2025-02-01T00:00:00Z") }),
      override({ id: "c-old", clientId: "c1", effectiveFrom: new Date("2025-02-01T00:00:00Z") }),
      override({ id: "c-new", clientId: "c1", effectiveFrom: new Date("2025-03-01T00:00:00Z") }),
    ];
    expect(chosenId(overrides, null)).toBe("newer");
    expect(chosenId(overrides, "c1")).toBe("c-new");
  });

  it("ignore an override not yet in effect, and apply one from its effectiveFrom", () => {
    const future = override({ id: "future", effectiveFrom: new Date("2025-09-01T12:00:00.001Z") });
    expect(chosenId([future])).toBeNull();
    expect(lookupUnitPrices("gpt-4o", AT, { overrides: [future] })?.unitPrices.inputMtok).toBe(
      "2.5",
    );
    const current = override({ id: "now", effectiveFrom: AT });
    expect(chosenId([future, current])).toBe("now");
  });

  it("match names case-insensitively, with or without the step's provider prefix", () => {
    const overrides = [override({ id: "o", model: "GPT-4o" })];
    expect(chosenId(overrides, null, "gpt-4o")).toBe("o");
    expect(chosenId(overrides, null, "openai/gpt-4o")).toBe("o");
    expect(chosenId(overrides, null, "azure/GPT-4O")).toBe("o");
    expect(chosenId(overrides, null, "gpt-4o-mini")).toBeNull();
  });

  it("naming a provider, apply only to steps on that provider", () => {
    const overrides = [override({ id: "azure-only", provider: "Azure" })];
    expect(chosenId(overrides, null, "azure/gpt-4o")).toBe("azure-only");
    expect(chosenId(overrides, null, "openai/gpt-4o")).toBeNull();
    expect(chosenId(overrides, null, "gpt-4o")).toBeNull(); // the catalog resolves it to openai
    // a provider named in the override's model works the same way
    const prefixed = [override({ id: "openai", model: "openai/gpt-4o" })];
    expect(chosenId(prefixed, null, "gpt-4o")).toBe("openai"); // catalog provider: openai
    expect(chosenId(prefixed, null, "openai/gpt-4o")).toBe("openai");
    expect(chosenId(prefixed, null, "azure/gpt-4o")).toBeNull();
  });

  it("break an exact tie in favour of the provider-specific one", () => {
    const overrides = [
      override({ id: "specific", provider: "openai" }),
      override({ id: "any-provider" }),
    ];
    expect(chosenId(overrides, null, "openai/gpt-4o")).toBe("specific");
    // otherwise the later in the list (e.g. the one created last) wins
    const same = [override({ id: "first" }), override({ id: "second" })];
    expect(chosenId(same)).toBe("second");
  });

  it("reject a malformed price on the chosen override", () => {
    expect(() =>
      lookupUnitPrices("gpt-4o", AT, { overrides: [override({ id: "bad", inputMtok: "cheap" })] }),
    ).toThrow(DomainError);
    expect(() =>
      lookupUnitPrices("gpt-4o", AT, { overrides: [override({ id: "neg", outputMtok: "-1" })] }),
    ).toThrow(DomainError);
    const tooPrecise = override({ id: "precise", cacheReadMtok: "0.000000000000000000001" });
    expect(() => lookupUnitPrices("gpt-4o", AT, { overrides: [tooPrecise] })).toThrow(DomainError);
  });

  it("do not override a reported cost, but are what the computed details show", () => {
    const step = priceStep({
      model: "gpt-4o",
      usage: USAGE,
      at: AT,
      costUsd: "0.1",
      overrides: [override({ id: "o" })],
    });
    expect(step).toMatchObject({
      cost: "0.1",
      costSource: "reported",
      priceDetails: { source: "override", overrideId: "o" },
    });
  });
});

describe("price overrides and the catalog's other components", () => {
  const cheap = (model: string) =>
    override({ id: `cheap-${model}`, model, inputMtok: "1", outputMtok: "1" });

  it("cover every kind of token at their four prices", () => {
    // gemini-2.5-flash prices audio and cached audio apart; the override prices tokens.
    const step = priceStep({
      model: "gemini-2.5-flash",
      usage: {
        input_tokens: 1000,
        cache_read_tokens: 400,
        input_audio_tokens: 300,
        cache_audio_read_tokens: 100,
        output_tokens: 500,
        output_audio_tokens: 100,
        reasoning_tokens: 100,
      },
      at: AT,
      overrides: [cheap("gemini-2.5-flash")],
    });
    expect(step.cost).toBe("0.0015"); // every token at 1 per Mtok
  });

  it("leave a step unpriced when it incurs a catalog fee the override does not state", () => {
    // sonar charges 12 per thousand requests; the override only states token prices.
    const sonar = priceStep({ model: "sonar", usage: USAGE, at: AT, overrides: [cheap("sonar")] });
    expect(sonar).toMatchObject({ cost: null, costSource: "unpriced", provider: "perplexity" });
    expect(sonar.unpricedReason).toBe(
      "price override cheap-sonar states token prices only, but the catalog's price for this model also charges requests_kcount (requests: 1); record the step's cost_usd",
    );
    const noRequest = priceStep({
      model: "sonar",
      usage: { ...USAGE, requests: 0 },
      at: AT,
      overrides: [cheap("sonar")],
    });
    expect(noRequest.cost).toBe("0.0015");

    // gpt-4o charges web searches: only a step that ran some is refused.
    const gpt = (usage: typeof USAGE & { web_searches?: number }) =>
      priceStep({ model: "gpt-4o", usage, at: AT, overrides: [cheap("gpt-4o")] });
    expect(gpt(USAGE).cost).toBe("0.0015");
    expect(gpt({ ...USAGE, web_searches: 2 }).unpricedReason).toContain(
      "web_searches_kcount (web_searches: 2)",
    );
    // whisper-1 is priced per audio hour, which usage cannot even report.
    const whisper = priceStep({
      model: "whisper-1",
      usage: USAGE,
      at: AT,
      overrides: [cheap("whisper-1")],
    });
    expect(whisper.unpricedReason).toContain("also charges audio_hours, input_audio_hours");
  });

  it("are the whole price of a model the catalog lacks", () => {
    const step = priceStep({
      model: "house-model",
      usage: { ...USAGE, web_searches: 2, requests: 3 },
      at: AT,
      overrides: [cheap("house-model")],
    });
    expect(step.cost).toBe("0.0015");
  });

  it("stop at effectiveUntil (exclusive): the previous override in force, else the catalog", () => {
    const end = new Date("2025-09-01T12:00:00Z"); // AT
    const earlier = override({ id: "earlier", effectiveFrom: new Date("2025-02-01T00:00:00Z") });
    const ended = override({ id: "ended", effectiveFrom: new Date("2025-06-01T00:00:00Z") });
    const endedAt = (until: Date) => ({ ...ended, effectiveUntil: until });
    // One millisecond before its end it still applies; at the end instant it no longer does.
    expect(chosenId([earlier, endedAt(new Date(end.getTime() + 1))])).toBe("ended");
    expect(chosenId([earlier, endedAt(end)])).toBe("earlier");
    expect(chosenId([endedAt(end)])).toBeNull();
    expect(lookupUnitPrices("gpt-4o", AT, { overrides: [endedAt(end)] })?.details.source).toBe(
      "catalog",
    );
    // Before the end, its own start still rules; null is open-ended.
    const beforeEnd = new Date("2025-07-01T00:00:00Z");
    expect(
      lookupUnitPrices("gpt-4o", beforeEnd, { overrides: [earlier, endedAt(end)] })?.details
        .overrideId,
    ).toBe("ended");
    expect(chosenId([earlier, { ...ended, effectiveUntil: null }])).toBe("ended");
  });

  it("ended for a client: the global override applies again", () => {
    const global = override({ id: "global" });
    const clients = override({
      id: "client",
      clientId: "CLT_A",
      effectiveFrom: new Date("2025-03-01T00:00:00Z"),
      effectiveUntil: new Date("2025-08-01T00:00:00Z"),
    });
    expect(chosenId([global, clients], "CLT_A")).toBe("global");
    expect(
      lookupUnitPrices("gpt-4o", new Date("2025-07-31T23:59:59.999Z"), {
        overrides: [global, clients],
        clientId: "CLT_A",
      })?.details.overrideId,
    ).toBe("client");
  });
});

describe("a computed cost is bounded like a reported one", () => {
  const huge = override({ id: "huge", model: "house-model", inputMtok: "999999999999999" });

  it("is a VALIDATION error past 10^10 USD, naming usage", () => {
    const usage = { input_tokens: 2_000_000, output_tokens: 0 };
    expect(() => priceStep({ model: "house-model", usage, at: AT, overrides: [huge] })).toThrow(
      expect.objectContaining({
        code: "VALIDATION",
        issues: [
          {
            path: "usage",
            message:
              "usage priced with price override huge costs 1999999999999998, which must be less than 10000000000",
          },
        ],
      }),
    );
    // A reported cost is the step's cost: the computed one is only kept for audit.
    const reported = priceStep({
      model: "house-model",
      usage,
      at: AT,
      overrides: [huge],
      costUsd: "1",
    });
    expect(reported).toMatchObject({ cost: "1", costSource: "reported" });
  });

  it("takes a catalog cost just under the bound and refuses the one at it", () => {
    // gpt-4o input: 2.5 per Mtok, so 4e15 tokens cost exactly 10^10
    const at = (input_tokens: number) => () =>
      priceStep({ model: "gpt-4o", usage: { input_tokens, output_tokens: 0 }, at: AT });
    expect(at(3_999_999_999_999_996)().cost).toBe("9999999999.99999");
    expect(at(4_000_000_000_000_000)).toThrow(expect.objectContaining({ code: "VALIDATION" }));
  });
});
