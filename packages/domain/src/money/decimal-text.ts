/**
 * Exact arithmetic on the API's decimal strings ("0.0105", "12.5") without floats or
 * decimal.js, for displays that must show the ledger's cents as they are (the dashboard).
 * Amounts are non-negative, as the ledger's are; BigInt keeps every digit.
 */

const DECIMAL_TEXT = /^(\d+)(?:\.(\d+))?$/;

interface Scaled {
  units: bigint;
  places: number;
}

function parse(text: string): Scaled {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match) throw new RangeError(`Not a non-negative decimal: ${JSON.stringify(text)}`);
  const fraction = match[2] ?? "";
  return { units: BigInt(`${match[1]}${fraction}`), places: fraction.length };
}

function rescale(value: Scaled, places: number): bigint {
  return value.units * 10n ** BigInt(places - value.places);
}

function toText(units: bigint, places: number): string {
  const digits = units.toString().padStart(places + 1, "0");
  if (places === 0) return digits;
  return `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/** True when `text` is a decimal the helpers here accept. */
export const isDecimalText = (text: string): boolean => DECIMAL_TEXT.test(text.trim());

/** The exact sum of decimal strings, e.g. addDecimalTexts(["0.1", "0.2"]) === "0.3". */
export function addDecimalTexts(texts: readonly string[]): string {
  const values = texts.map(parse);
  const places = Math.max(0, ...values.map((value) => value.places));
  const sum = values.reduce((total, value) => total + rescale(value, places), 0n);
  return trimDecimalText(toText(sum, places));
}

/** -1, 0 or 1, as `a` is below, equal to or above `b`. */
export function compareDecimalTexts(a: string, b: string): number {
  const left = parse(a);
  const right = parse(b);
  const places = Math.max(left.places, right.places);
  const difference = rescale(left, places) - rescale(right, places);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

/** Rounds half away from zero to `places` decimals, keeping them: ("0.12345", 4) → "0.1235". */
export function roundDecimalText(text: string, places: number): string {
  const value = parse(text);
  if (value.places <= places) return toText(rescale(value, places), places);
  const divisor = 10n ** BigInt(value.places - places);
  const quotient = value.units / divisor;
  const rounded = (value.units % divisor) * 2n >= divisor ? quotient + 1n : quotient;
  return toText(rounded, places);
}

/** Drops trailing zeros of the fraction: "0.0075000" → "0.0075", "2.000" → "2". */
export function trimDecimalText(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** Inserts thousands separators into the integer part: "1234567.5" → "1,234,567.5". */
function groupThousands(text: string): string {
  const [whole = "0", fraction] = text.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/**
 * A USD amount for people: 2 decimals from $1 up, 4 below (LLM steps cost fractions of a
 * cent), and "<$0.0001" rather than a misleading "$0.0000" for a tiny non-zero cost.
 */
export function formatUsd(text: string): string {
  if (compareDecimalTexts(text, "0") === 0) return "$0.00";
  if (compareDecimalTexts(text, "0.0001") < 0) return "<$0.0001";
  const places = compareDecimalTexts(text, "1") >= 0 ? 2 : 4;
  return `$${groupThousands(roundDecimalText(text, places))}`;
}

/** The exact amount, trimmed, for titles and tables that must not round: "$0.0104875". */
export const formatUsdExact = (text: string): string =>
  `$${groupThousands(trimDecimalText(text)) || "0"}`;

/**
 * Labels for an axis of evenly spaced amounts ("0.5", "1"): one number of places for every
 * label (at least 2, as many as the finest tick needs), so a $0.50 step reads $0.00, $0.50,
 * $1.00 rather than $0.5000 beside $1.00.
 */
export function formatUsdTicks(ticks: readonly string[]): string[] {
  const places = Math.max(
    2,
    ...ticks.map((tick) => (trimDecimalText(tick).split(".")[1] ?? "").length),
  );
  return ticks.map((tick) => `$${groupThousands(roundDecimalText(tick, places))}`);
}
