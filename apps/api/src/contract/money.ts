import { z } from "zod";

/**
 * Step costs are NUMERIC(20,10) in the ledger; callers read "0.0075", not
 * "0.0075000000". Trailing zeros go, the value is unchanged. (Run totals keep
 * the seed's fixed 4 places, "0.2000", and do not pass through here.)
 */
export function trimDecimal(text: string): string {
  if (!text.includes(".")) return text;
  return text.replace(/\.?0+$/, "");
}

export const trimNullableDecimal = (text: string | null): string | null =>
  text === null ? null : trimDecimal(text);

// price_details has a handful of fixed keys: convert each once, not on every response.
const snakeCased = new Map<string, string>();
function snakeCase(key: string): string {
  let converted = snakeCased.get(key);
  if (converted === undefined) {
    converted = key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    if (snakeCased.size < 1000) snakeCased.set(key, converted);
  }
  return converted;
}

/** price_details as stored (camelCase, from the domain) in the API's snake_case. */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [snakeCase(key), snakeCaseKeys(item)]),
  );
}

/** The form of every amount the API answers with: a plain non-negative decimal, no exponent. */
const DECIMAL_STRING = /^\d+(\.\d+)?$/;

/** An amount as a decimal string (exact, unlike a JSON number), e.g. "0.0105". */
export const decimalStringJson = (description: string) =>
  z.string().regex(DECIMAL_STRING).describe(description);
