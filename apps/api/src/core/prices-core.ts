import {
  deletePriceOverride,
  endPriceOverride,
  listPriceOverrides,
  loadOverridesFor,
  putPriceOverride,
} from "@columnline/db";
import { lookupUnitPrices, notFound } from "@columnline/domain";
import type { z } from "zod";
import {
  type endOverrideInput,
  type listOverridesInput,
  type overrideIdInput,
  type priceLookupInput,
  type putOverrideInput,
  toOverrideJson,
  toPriceLookupJson,
} from "../contract/price";
import type { ApiServices } from "../services";

export async function priceLookupCore(input: z.output<typeof priceLookupInput>, ctx: ApiServices) {
  const at = input.at ?? ctx.now();
  const clientId = input.client_id ?? null;
  const overrides = await loadOverridesFor(ctx.db, input.model, clientId);
  const lookup = lookupUnitPrices(input.model, at, {
    clientId,
    overrides,
    ...(input.input_tokens === undefined ? {} : { inputTokens: input.input_tokens }),
  });
  if (!lookup) throw notFound("price for model", input.model);
  return toPriceLookupJson(input.model, at, lookup);
}

export async function putOverrideCore(input: z.output<typeof putOverrideInput>, ctx: ApiServices) {
  const stored = await putPriceOverride(ctx.db, {
    model: input.model,
    provider: input.provider ?? null,
    clientId: input.client_id ?? null,
    effectiveFrom: input.effective_from ?? ctx.now(),
    inputMtok: input.input_mtok,
    outputMtok: input.output_mtok,
    cacheReadMtok: input.cache_read_mtok ?? null,
    cacheWriteMtok: input.cache_write_mtok ?? null,
  });
  return toOverrideJson(stored);
}

export async function listOverridesCore(
  input: z.output<typeof listOverridesInput>,
  ctx: ApiServices,
) {
  const overrides = await listPriceOverrides(ctx.db, {
    ...(input.model ? { model: input.model } : {}),
    ...(input.client_id ? { clientId: input.client_id } : {}),
  });
  return overrides.map(toOverrideJson);
}

export async function deleteOverrideCore(
  input: z.output<typeof overrideIdInput>,
  ctx: ApiServices,
) {
  return toOverrideJson(await deletePriceOverride(ctx.db, input.id));
}

/** Ends an override (now, or at effective_until); the row stays to explain past steps. */
export async function endOverrideCore(input: z.output<typeof endOverrideInput>, ctx: ApiServices) {
  const now = ctx.now();
  const ended = await endPriceOverride(ctx.db, {
    id: input.id,
    until: input.effective_until ?? now,
    now,
  });
  return toOverrideJson(ended);
}
