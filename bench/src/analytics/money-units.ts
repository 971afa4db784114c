/**
 * Money as integer units of 1e-10 USD (the ledger's scale), so a run's total
 * is an exact integer sum: no float ever touches a cost.
 */
export const UNITS_PER_USD = 10_000_000_000;

/** Exact decimal text with 10 places: 75_000_000 → "0.0075000000". */
export function unitsToDecimal(units: number): string {
  const text = units.toString().padStart(11, "0");
  return `${text.slice(0, -10)}.${text.slice(-10)}`;
}

/** Rounded half away from zero to 4 places (units are non-negative): NUMERIC(10,4) text. */
export function unitsToRoundedCost(units: number): string {
  const shifted = units + 500_000;
  // Integer arithmetic only: % and the exact division stay exact below 2^53.
  const tenThousandths = (shifted - (shifted % 1_000_000)) / 1_000_000;
  const text = tenThousandths.toString().padStart(5, "0");
  return `${text.slice(0, -4)}.${text.slice(-4)}`;
}
