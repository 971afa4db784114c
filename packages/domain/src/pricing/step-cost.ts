import { Money, roundStepCost } from "./decimal";
import type { UnitPrices } from "./types";
import type { Usage } from "./usage";

const TOKENS_PER_MTOK = 1_000_000;

/**
 * Exact cost of one step, in decimal arithmetic. Cache reads and writes are parts of
 * input_tokens, so only the rest is charged at the input price; reasoning tokens are
 * part of output_tokens and charged at the output price. Returns the canonical string
 * rounded half away from zero to 10 places.
 */
export function computeStepCost(usage: Usage, prices: UnitPrices): string {
  const uncachedInput = usage.input_tokens - usage.cache_read_tokens - usage.cache_write_tokens;
  const perMillion = new Money(uncachedInput)
    .times(prices.inputMtok)
    .plus(new Money(usage.cache_read_tokens).times(prices.cacheReadMtok))
    .plus(new Money(usage.cache_write_tokens).times(prices.cacheWriteMtok))
    .plus(new Money(usage.output_tokens).times(prices.outputMtok));
  return roundStepCost(perMillion.dividedBy(TOKENS_PER_MTOK));
}
