// Public surface of the pricing module; internals (catalog adapter, decimal helpers,
// override matching) stay private to it.
export { CATALOG_VERSION } from "./catalog";
export { costUsdSchema } from "./cost-usd";
export { type LookupOptions, lookupUnitPrices, type PriceLookup } from "./lookup";
export type { PriceOverride } from "./override";
export { type PriceStepInput, priceStep } from "./price-step";
export { roundRunTotal, sumCosts } from "./totals";
export type {
  CatalogMatchInfo,
  CostSource,
  PriceBasis,
  PriceComponent,
  PriceDetails,
  PriceTier,
  StepPricing,
  TieredUnitPrice,
  UnitPriceEntry,
  UnitPriceKey,
  UnitPrices,
} from "./types";
export {
  parseUsage,
  stepTokens,
  type Usage,
  type UsageInput,
  usageCount,
  usageExtras,
  usageSchema,
} from "./usage";
export {
  EXTRA_USAGE_FIELD_NAMES,
  EXTRA_USAGE_FIELDS,
  type ExtraUsageField,
  type UsageField,
} from "./usage-fields";
