import { validationError } from "../errors";
import {
  MAX_AMOUNT,
  Money,
  parseDecimalText,
  RUN_TOTAL_DECIMAL_PLACES,
  STEP_COST_DECIMAL_PLACES,
  toCanonical,
} from "./decimal";

function invalid(path: string, message: string): never {
  throw validationError("invalid cost", [{ path, message }]);
}

function readAmount(text: string, path: string): Money {
  const value = parseDecimalText(text);
  if (value === null) invalid(path, `expected a decimal string, got "${text}"`);
  if (value.isNegative() && !value.isZero()) invalid(path, `must not be negative, got "${text}"`);
  return value;
}

// Step costs are bounded and have at most 10 places, so any realistic number of them
// sums exactly within the 40 significant digits of Money.
function readStepCost(text: string, path: string): Money {
  const value = readAmount(text, path);
  if (value.gte(MAX_AMOUNT)) invalid(path, `must be less than ${MAX_AMOUNT.toFixed()}`);
  if (value.decimalPlaces() > STEP_COST_DECIMAL_PLACES) {
    invalid(path, `must have at most ${STEP_COST_DECIMAL_PLACES} decimal places, got "${text}"`);
  }
  return value;
}

/**
 * Exact sum of step costs (canonical decimal string, nothing rounded). A run's total is
 * rounded once from this sum, never summed from rounded parts.
 */
export function sumCosts(costs: readonly string[]): string {
  let total = new Money(0);
  costs.forEach((cost, index) => {
    total = total.plus(readStepCost(cost, String(index)));
  });
  return toCanonical(total);
}

/**
 * A run's total_cost: the exact sum rounded half away from zero to 4 places, as a fixed
 * 4-decimal string ("0.2000").
 */
export function roundRunTotal(exact: string): string {
  // abs() only turns an accepted "-0" into "0.0000"; negatives were rejected above.
  return readAmount(exact, "total").abs().toFixed(RUN_TOTAL_DECIMAL_PLACES, Money.ROUND_HALF_UP);
}
