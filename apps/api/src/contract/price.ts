import type { StoredPriceOverride } from "@columnline/db";
import { clientIdSchema, type PriceLookup } from "@columnline/domain";
import { z } from "zod";
import { decimalStringJson, snakeCaseKeys } from "./money";
import { nonBlankJsonSchema, storableText } from "./text";
import { instantFor, isoTimeJson } from "./time";

const UNIT_PRICE_TEXT = /^\d{1,15}(\.\d{1,20})?$/;

const unitPrice = (field: string) =>
  z
    .union([z.number(), z.string()])
    .transform((value) => String(value))
    .pipe(
      z
        .string()
        .regex(
          UNIT_PRICE_TEXT,
          `${field} must be a non-negative decimal (USD per million tokens) with at most 15 digits before the point and 20 after, e.g. "2.5"`,
        ),
    )
    .meta({
      anyOf: [
        { type: "number", minimum: 0, exclusiveMaximum: 1e15 },
        { type: "string", pattern: UNIT_PRICE_TEXT.source },
      ],
      description:
        'USD per million tokens, a non-negative decimal: at most 15 digits before the point and 20 after. A JSON number is read through its shortest form, so numbers JavaScript writes with an exponent (below 0.000001) are refused: send them as a string ("0.0000005").',
    });

const modelName = storableText("model", 200)
  .pipe(z.string().trim().min(1, "model must not be empty"))
  .meta({
    ...nonBlankJsonSchema("model"),
    examples: ["gpt-4o", "openai/gpt-4o", "claude-sonnet-4-5"],
  });

// The ledger refuses a blank provider (omit it, or send null, for none).
const providerName = storableText("provider", 100)
  .refine((value) => value.trim() !== "", "provider must not be blank")
  .meta({ ...nonBlankJsonSchema("provider"), examples: ["openai"] });

export const priceLookupInput = z.strictObject({
  model: modelName,
  at: instantFor("Prices in force at this time; now when omitted").optional(),
  client_id: clientIdSchema.optional().describe("Include this client's overrides"),
  input_tokens: z.coerce
    .number()
    .int()
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .describe("Chooses the tier of context-tiered prices"),
});

export const putOverrideInput = z.strictObject({
  model: modelName,
  provider: providerName.nullish(),
  client_id: clientIdSchema.nullish().describe("Omit for a global price"),
  effective_from: instantFor("When the price takes effect; now when omitted").optional(),
  input_mtok: unitPrice("input_mtok"),
  output_mtok: unitPrice("output_mtok"),
  cache_read_mtok: unitPrice("cache_read_mtok").nullish(),
  cache_write_mtok: unitPrice("cache_write_mtok").nullish(),
});

export const listOverridesInput = z.strictObject({
  model: modelName.optional(),
  client_id: clientIdSchema.optional(),
});

const overrideId = z.uuid("id must be an override id (a UUID)");

export const overrideIdInput = z.strictObject({ id: overrideId });

export const endOverrideInput = z.strictObject({
  id: overrideId,
  effective_until: instantFor(
    "When the override stops applying, exclusive: a step priced at or after it gets the previous override in force, else the catalog price; now when omitted. 409 when before now (steps already recorded would change price), not after its effective_from (delete it instead), or when its end has already passed (an end not yet reached may be moved)",
  ).optional(),
});

const unitPricesJson = z.object({
  input_mtok: decimalStringJson("USD per million input tokens"),
  output_mtok: decimalStringJson("USD per million output tokens"),
  cache_read_mtok: decimalStringJson("USD per million cache-read tokens"),
  cache_write_mtok: decimalStringJson("USD per million cache-write tokens"),
});

export const priceLookupJsonSchema = z.object({
  model: z.string(),
  at: isoTimeJson,
  source: z.enum(["catalog", "override"]),
  catalog: z.string(),
  model_id: z.string(),
  provider_id: z.string().nullable(),
  override_id: z.string().nullable(),
  unit_prices: unitPricesJson.describe("USD per million tokens"),
  tier: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe("Context-tier schedule, for tiered catalog prices"),
  prices: z
    .array(
      z.object({
        key: z.string().describe("The catalog's price key, e.g. input_mtok or requests_kcount"),
        usage: z.string().describe("The usage count it charges"),
        unit_price: decimalStringJson("USD per `per` units, at the input size asked for"),
        per: z.int().describe("1000000 (per million tokens) or 1000 (per thousand calls)"),
        schedule: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .describe("Every price of the model, the four token prices included"),
});

export const overrideJsonSchema = z.object({
  id: z.string(),
  model: z.string(),
  provider: z.string().nullable(),
  client_id: z.string().nullable(),
  effective_from: isoTimeJson,
  effective_until: isoTimeJson
    .nullable()
    .describe(
      "When it stopped (or stops) applying, exclusive; null while open-ended. ISO-8601 UTC",
    ),
  input_mtok: decimalStringJson("USD per million input tokens"),
  output_mtok: decimalStringJson("USD per million output tokens"),
  cache_read_mtok: decimalStringJson("USD per million cache-read tokens").nullable(),
  cache_write_mtok: decimalStringJson("USD per million cache-write tokens").nullable(),
  created_at: isoTimeJson,
});

export function toPriceLookupJson(
  model: string,
  at: Date,
  lookup: PriceLookup,
): z.infer<typeof priceLookupJsonSchema> {
  const { unitPrices, details } = lookup;
  return {
    model,
    at: at.toISOString(),
    source: details.source,
    catalog: details.catalog,
    model_id: details.modelId,
    provider_id: details.providerId,
    override_id: details.overrideId,
    unit_prices: {
      input_mtok: unitPrices.inputMtok,
      output_mtok: unitPrices.outputMtok,
      cache_read_mtok: unitPrices.cacheReadMtok,
      cache_write_mtok: unitPrices.cacheWriteMtok,
    },
    tier: unitPrices.tier ? (snakeCaseKeys(unitPrices.tier) as Record<string, unknown>) : null,
    prices: lookup.prices.map(({ key, usage, unitPrice, per, schedule }) => ({
      key,
      usage,
      unit_price: unitPrice,
      per,
      ...(schedule ? { schedule: snakeCaseKeys(schedule) as Record<string, unknown> } : {}),
    })),
  };
}

export const toOverrideJson = (
  override: StoredPriceOverride,
): z.infer<typeof overrideJsonSchema> => ({
  id: override.id,
  model: override.model,
  provider: override.provider,
  client_id: override.clientId,
  effective_from: override.effectiveFrom.toISOString(),
  effective_until: override.effectiveUntil?.toISOString() ?? null,
  input_mtok: override.inputMtok,
  output_mtok: override.outputMtok,
  cache_read_mtok: override.cacheReadMtok,
  cache_write_mtok: override.cacheWriteMtok,
  created_at: override.createdAt.toISOString(),
});
