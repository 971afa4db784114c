// Public surface of the pricing module; internals (catalog adapter, decimal helpers,
// override matching) stay private to it.
export { CATALOG_VERSION } from "./catalog";
export { costUsdSchema } from "./cost-usd";
export { type LookupOptions, lookupUnitPrices, type PriceLookup } from "./lookup";
export type { PriceOverride } from "./override";
export { type PriceStepInput, priceStep } from "./price-step";
export { roundRunTotal, sumCosts } from "./totals";
export type {
  CostSource,
  PriceDetails,
  PriceTier,
  StepPricing,
  TieredUnitPrice,
  UnitPriceKey,
  UnitPrices,
} from "./types";
export { parseUsage, stepTokens, type Usage, type UsageInput, usageSchema } from "./usage";
