import Decimal from "decimal.js";

/**
 * Local Decimal constructor for money maths. A clone keeps our precision and rounding
 * from leaking into (or being changed by) other users of decimal.js. Every input is
 * bounded (safe-integer token counts, amounts below 1e15, at most 20 places on a unit
 * price, 10 on a cost), so with 100 significant digits no product or sum here is ever
 * rounded: the only roundings are the explicit 10-place and 4-place ones.
 * ROUND_HALF_UP in decimal.js rounds half away from zero.
 */
export const Money = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_UP });
export type Money = InstanceType<typeof Money>;

/** A step cost keeps this many decimal places. */
export const STEP_COST_DECIMAL_PLACES = 10;
/** A run's total_cost is shown with this many decimal places. */
export const RUN_TOTAL_DECIMAL_PLACES = 4;
/** Most decimal places a unit price (USD per million tokens) may have. */
export const UNIT_PRICE_MAX_DECIMAL_PLACES = 20;

/** Largest accepted amount (exclusive) for a unit price or a sum of costs. */
export const MAX_AMOUNT = new Money("1e15");

/**
 * Largest step cost (exclusive), reported or computed: the ledger keeps a step's cost as
 * NUMERIC(20,10), and a step that could not be stored must be refused as invalid input
 * (400), never acknowledged or failed as an overflow of the totals.
 */
export const MAX_STEP_COST = new Money("1e10");

// Plain JSON-number grammar. Checked before decimal.js sees the text, because decimal.js
// also accepts "NaN", "Infinity", hex/binary/octal literals and surrounding whitespace.
const DECIMAL_TEXT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
export const MAX_DECIMAL_TEXT_LENGTH = 64;

/** Parses a decimal string strictly; null when the text is not a finite decimal number. */
export function parseDecimalText(text: string): Money | null {
  if (text.length > MAX_DECIMAL_TEXT_LENGTH || !DECIMAL_TEXT.test(text)) return null;
  const value = new Money(text);
  return value.isFinite() ? value : null;
}

/**
 * Canonical decimal string: plain notation (never exponent), no trailing zeros, "0" for zero.
 * This is the one string form costs and prices take in this package, e.g. "0.0105".
 */
export function toCanonical(value: Money): string {
  return value.isZero() ? "0" : value.toFixed();
}

/** A step cost: rounded half away from zero to 10 places, in canonical form ("0.0075"). */
export function roundStepCost(value: Money): string {
  return toCanonical(value.toDecimalPlaces(STEP_COST_DECIMAL_PLACES, Money.ROUND_HALF_UP));
}

/**
 * genai-prices stores unit prices as JS numbers. Their shortest round-trip string is the
 * decimal the data file was written with (2.5, 0.3), so we read that, never the binary value.
 */
export function fromCatalogNumber(value: number): Money {
  return new Money(String(value));
}
