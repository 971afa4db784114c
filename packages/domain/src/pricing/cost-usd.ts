import { z } from "zod";
import {
  MAX_DECIMAL_TEXT_LENGTH,
  MAX_STEP_COST,
  type Money,
  parseDecimalText,
  roundStepCost,
} from "./decimal";

/** DECIMAL_TEXT without the negative numbers costUsdProblem refuses (negative zero is zero). */
const NON_NEGATIVE_DECIMAL_TEXT = "^(\\d+(\\.\\d+)?|-0+(\\.0+)?)([eE][+-]?\\d+)?$";

/** Why a reported cost is not acceptable, or null when it is. */
function costUsdProblem(value: Money | null): string | null {
  if (value === null) return "cost_usd must be a finite decimal number";
  if (value.isNegative() && !value.isZero()) return "cost_usd must not be negative";
  if (value.gte(MAX_STEP_COST)) return `cost_usd must be less than ${MAX_STEP_COST.toFixed()}`;
  return null;
}

/**
 * A cost the caller reports (the provider's exact charge), as a JSON number or a decimal
 * string. Numbers are read through their shortest string form (0.1 is "0.1", not the
 * binary double). The result is the canonical decimal string rounded half away from zero
 * to 10 places, the precision every step cost keeps.
 */
export const costUsdSchema = z
  // z.custom rather than z.number(): zod's number type rejects NaN/Infinity as a type error,
  // and they deserve the same "finite" message as "NaN" sent as a string.
  .custom<number | string>((input) => typeof input === "number" || typeof input === "string", {
    error: "cost_usd must be a number or a decimal string",
  })
  .transform((input, ctx) => {
    const text = typeof input === "number" ? String(input) : input;
    const value = parseDecimalText(text);
    const problem = costUsdProblem(value);
    if (problem !== null || value === null) {
      ctx.addIssue({ code: "custom", message: problem ?? "invalid cost_usd", input });
      return z.NEVER;
    }
    return roundStepCost(value);
  })
  // The JSON Schema of what the transform accepts (z.custom has none of its own).
  .meta({
    anyOf: [
      { type: "number", minimum: 0, exclusiveMaximum: MAX_STEP_COST.toNumber() },
      { type: "string", maxLength: MAX_DECIMAL_TEXT_LENGTH, pattern: NON_NEGATIVE_DECIMAL_TEXT },
    ],
    description: `The provider's exact charge in USD, as a JSON number or a decimal string ("0.0105", "1.2e-3"); at least 0 and below ${MAX_STEP_COST.toFixed()}, kept to 10 places (half away from zero). It wins over the computed cost.`,
  });
