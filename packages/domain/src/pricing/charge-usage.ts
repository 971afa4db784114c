import { Money, toCanonical } from "./decimal";
import { entryPriceAt, entrySchedule, type PriceEntry } from "./price-list";
import { overlapKey, type PriceUnit, wholesOf } from "./price-units";
import type { PriceComponent } from "./types";
import { type Usage, usageCount } from "./usage";

type Priced = PriceEntry & { unit: PriceUnit };

const inverses = new Map<number, Money>();

/** 1/per, exact: per is a power of ten, and multiplying is far cheaper than dividing. */
function inverseOf(per: number): Money {
  let inverse = inverses.get(per);
  if (inverse === undefined) {
    inverse = new Money(1).dividedBy(per);
    inverses.set(per, inverse);
  }
  return inverse;
}

export type Charge =
  | { ok: true; components: PriceComponent[]; exactCost: Money }
  | { ok: false; reason: string };

/**
 * genai-prices refuses a price whose parts it cannot split: a part priced without a whole
 * it belongs to, or two overlapping parts priced without their overlap (cached audio is
 * both a cache read and audio: which price applies?). So do we.
 */
function structureProblem(priced: readonly Priced[]): string | null {
  const keys = new Set(priced.map((entry) => entry.key));
  for (const { unit } of priced) {
    const whole = wholesOf(unit).find((other) => !keys.has(other.key));
    if (whole) return `it prices ${unit.key} but not ${whole.key}, which it is part of`;
  }
  for (const [i, { unit: a }] of priced.entries()) {
    for (const { unit: b } of priced.slice(i + 1)) {
      const overlap = overlapKey(a, b);
      if (overlap !== undefined && (overlap === null || !keys.has(overlap))) {
        return `it prices ${a.key} and ${b.key}, which overlap, but not their overlap`;
      }
    }
  }
  return null;
}

/**
 * What each priced count is charged for: its own count less the parts that have prices of
 * their own (computed first: the most specific units first). Cache reads come out of
 * input, cached audio out of both cache reads and audio, 1-hour writes out of cache
 * writes, and so on, exactly as genai-prices 0.1.8 splits usage; a count whose part has no
 * price of its own stays in it (reasoning at the output price when there is no reasoning
 * price). Exact, in BigInt.
 */
function chargedQuantities(
  priced: readonly Priced[],
  usage: Usage,
): { ok: true; quantities: Map<string, bigint> } | { ok: false; reason: string } {
  const quantities = new Map<string, bigint>();
  // A part has more dimensions than its wholes, so this order settles parts first.
  const mostSpecificFirst = [...priced].sort(
    (a, b) => wholesOf(b.unit).length - wholesOf(a.unit).length,
  );
  for (const { unit } of mostSpecificFirst) {
    const total = BigInt(usageCount(usage, unit.field));
    const parts = priced.filter((other) => wholesOf(other.unit).includes(unit));
    const inParts = parts.reduce((sum, part) => sum + (quantities.get(part.key) ?? 0n), 0n);
    if (inParts > total) {
      const named = parts.map((part) => part.unit.field).join(", ");
      return {
        ok: false,
        reason: `usage splits ${unit.field} (${total}) into more than it holds: its priced parts ${named} take ${inParts}; report the overlaps (cache_audio_read_tokens, cache_image_read_tokens) or correct the counts`,
      };
    }
    quantities.set(unit.key, total - inParts);
  }
  return { ok: true, quantities };
}

/**
 * Charges a step's usage with a model's price list: one component per price, every price
 * of the list accounted for. Not possible (a reason) when the list has a price no usage
 * count maps to, cannot be split as above, or the usage does not fit it.
 */
export function chargeUsage(entries: readonly PriceEntry[], usage: Usage): Charge {
  const unreportable = entries.filter((entry) => entry.unit === undefined).map((e) => e.key);
  if (unreportable.length > 0) {
    return {
      ok: false,
      reason: `its price includes ${unreportable.join(", ")}, which step usage does not report; record the step's cost_usd`,
    };
  }
  const priced = entries as readonly Priced[];
  const problem = structureProblem(priced);
  if (problem !== null) return { ok: false, reason: `${problem}; record the step's cost_usd` };
  const split = chargedQuantities(priced, usage);
  if (!split.ok) return split;

  let exactCost = new Money(0);
  const components = priced.map((entry): PriceComponent => {
    const quantity = split.quantities.get(entry.key) ?? 0n;
    const unitPrice = entryPriceAt(entry, usage.input_tokens);
    const amount = new Money(quantity.toString()).times(unitPrice).times(inverseOf(entry.unit.per));
    exactCost = exactCost.plus(amount);
    const schedule = entrySchedule(entry);
    return {
      key: entry.key,
      usage: entry.unit.field,
      quantity: Number(quantity),
      unitPrice: toCanonical(unitPrice),
      per: entry.unit.per,
      amount: toCanonical(amount),
      ...(schedule ? { schedule } : {}),
    };
  });
  return { ok: true, components, exactCost };
}
