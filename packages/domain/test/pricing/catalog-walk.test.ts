import {
  calcPrice,
  type ModelInfo,
  type ModelPrice,
  type Provider,
  waitForUpdate,
} from "@pydantic/genai-prices";
import { describe, expect, it } from "vitest";
import { priceStep, type StepPricing } from "../../src/pricing";
import { Money, roundStepCost } from "../../src/pricing/decimal";
import { catalogPriceList } from "../../src/pricing/price-list";
import { priceUnit } from "../../src/pricing/price-units";
import {
  libraryUsage,
  nameFor,
  SHAPES,
  type Shape,
  tierShapes,
  timestampsFor,
} from "./support/catalog-walk";

// The bundled data, as the library holds it: no update was requested, so no network.
const providers = (await waitForUpdate()) ?? [];

/** Float noise allowed between genai-prices' float total and our exact decimal one. */
const RELATIVE_TOLERANCE = 1e-9;

/**
 * Where we deliberately differ from calcPrice, and why:
 * - per request: calcPrice charges one request per call whatever the usage says (requests
 *   is not a usage key it reads); we charge the step's `requests`. Expected: calcPrice's
 *   total plus the fee for the extra requests.
 * - unreportable prices: a model priced per audio hour, page or text message, which step
 *   usage has no count for. calcPrice prices token usage at 0 for those; we leave the step
 *   unpriced, naming the price.
 * - unsplittable usage: calcPrice throws when usage splits a count into more than it holds
 *   for the model's prices (or the price itself cannot be split); we leave the step
 *   unpriced with the reason.
 */
function extraRequestsFee(price: ModelPrice, shape: Shape): Money {
  const requests = shape.usage.requests;
  const fee = price.requests_kcount;
  if (requests === undefined || typeof fee !== "number") return new Money(0);
  return new Money(requests - 1).times(String(fee)).dividedBy(1000);
}

interface Tally {
  pairs: number;
  equal: number;
  unpricedUnreportable: number;
  unpricedUnsplittable: number;
  requestFee: number;
}

function withinNoise(ours: Money, theirs: Money): boolean {
  const scale = Money.max(ours.abs(), theirs.abs());
  return ours.minus(theirs).abs().lte(scale.times(RELATIVE_TOLERANCE));
}

function hasUnreportablePrice(price: ModelPrice): boolean {
  const list = catalogPriceList(price);
  return list.ok && list.entries.some((entry) => priceUnit(entry.key) === undefined);
}

/** One model at one time: its name under its provider and the price the library chose. */
interface Walked {
  provider: Provider;
  model: ModelInfo;
  name: string;
  at: Date;
  price: ModelPrice;
}

function compare(tally: Tally, { provider, model, name, at, price }: Walked, shape: Shape): void {
  const label = `${provider.id}/${model.id} as "${name}" at ${at.toISOString()}, ${shape.name}`;
  tally.pairs++;
  let theirs: ReturnType<typeof calcPrice> | Error;
  try {
    theirs = calcPrice(libraryUsage(shape.usage), name, { providerId: provider.id, timestamp: at });
  } catch (error) {
    theirs = error as Error;
  }
  const ours: StepPricing = priceStep({ model: `${provider.id}/${name}`, usage: shape.usage, at });

  if (ours.costSource === "unpriced") {
    expect(ours.unpricedReason, label).toBeTruthy();
    if (theirs instanceof Error) {
      tally.unpricedUnsplittable++;
      return;
    }
    expect(hasUnreportablePrice(price), `${label}: unpriced (${ours.unpricedReason})`).toBe(true);
    tally.unpricedUnreportable++;
    return;
  }
  if (theirs instanceof Error)
    throw new Error(`${label}: calcPrice threw ${theirs.message}, we priced ${ours.cost}`);
  expect(theirs, label).not.toBeNull();
  if (theirs === null) return;
  expect(ours.priceDetails, label).toMatchObject({ providerId: provider.id, modelId: model.id });

  const exact = new Money(ours.priceDetails?.exactCost ?? "NaN");
  const extra = extraRequestsFee(price, shape);
  const expected = new Money(String(theirs.total_price)).plus(extra);
  expect(
    withinNoise(exact, expected),
    `${label}: ours ${exact.toFixed()}, calcPrice ${expected.toFixed()}`,
  ).toBe(true);
  expect(ours.cost, label).toBe(roundStepCost(exact));
  if (extra.isZero()) tally.equal++;
  else tally.requestFee++;
}

describe("every model of genai-prices 0.1.8, priced by us and by calcPrice", () => {
  it("agrees within float noise, or we are unpriced for a price calcPrice cannot charge plainly", () => {
    const tally: Tally = {
      pairs: 0,
      equal: 0,
      unpricedUnreportable: 0,
      unpricedUnsplittable: 0,
      requestFee: 0,
    };
    const unnamed: string[] = [];
    let models = 0;
    for (const provider of providers) {
      for (const model of provider.models) {
        models++;
        const name = nameFor(provider, model);
        if (name === null) unnamed.push(`${provider.id}/${model.id}`);
        for (const at of name === null ? [] : timestampsFor(model)) {
          const price = calcPrice({}, name ?? "", { providerId: provider.id, timestamp: at });
          if (price === null) throw new Error(`${provider.id}/${name} is not found again`);
          const walked: Walked = {
            provider,
            model,
            name: name ?? "",
            at,
            price: price.model_price,
          };
          for (const shape of [...SHAPES, ...tierShapes(walked.price)])
            compare(tally, walked, shape);
        }
      }
    }
    if (process.env.CATALOG_WALK_REPORT) console.log({ models, ...tally });
    expect({ providers: providers.length, models, unnamed }).toEqual({
      providers: 43,
      models: 1694,
      unnamed: [],
    });
    expect(tally.requestFee).toBe(4); // perplexity's sonar, sonar-pro, sonar-reasoning(-pro)
  }, 60_000);
});
