import { clientIdSchema } from "@columnline/domain";
import { sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import {
  parseDate,
  parseDecimalString,
  parseField,
  parseNonEmptyText,
} from "../../internal/validate";
import { modelPrices } from "../../schema";
import { toPriceOverride } from "./to-price-override";
import type { StoredPriceOverride } from "./types";

export interface PutPriceOverrideInput {
  model: string;
  provider?: string | null;
  /** null or omitted: a global price. */
  clientId?: string | null;
  effectiveFrom: Date;
  /** USD per million tokens, as decimal strings. */
  inputMtok: string;
  outputMtok: string;
  cacheReadMtok?: string | null;
  cacheWriteMtok?: string | null;
}

const optionalDecimal = (value: string | null | undefined, path: string) =>
  value == null ? null : parseDecimalString(value, path);

/**
 * Creates or replaces the override for (model, client, effective_from): a new
 * price from a new instant is a new row, so past steps stay explained.
 * An unknown client is NOT_FOUND.
 */
export async function putPriceOverride(
  handle: DbHandle,
  input: PutPriceOverrideInput,
): Promise<StoredPriceOverride> {
  const values = {
    model: parseNonEmptyText(input.model, "model"),
    provider: input.provider == null ? null : parseNonEmptyText(input.provider, "provider"),
    clientId:
      input.clientId == null ? null : parseField(clientIdSchema, input.clientId, "clientId"),
    effectiveFrom: parseDate(input.effectiveFrom, "effectiveFrom"),
    inputMtok: parseDecimalString(input.inputMtok, "inputMtok"),
    outputMtok: parseDecimalString(input.outputMtok, "outputMtok"),
    cacheReadMtok: optionalDecimal(input.cacheReadMtok, "cacheReadMtok"),
    cacheWriteMtok: optionalDecimal(input.cacheWriteMtok, "cacheWriteMtok"),
  };
  return withDomainErrors(async () => {
    const [stored] = await executorOf(handle)
      .insert(modelPrices)
      .values(values)
      .onConflictDoUpdate({
        target: [modelPrices.model, modelPrices.clientId, modelPrices.effectiveFrom],
        set: {
          provider: sql`excluded.provider`,
          inputMtok: sql`excluded.input_mtok`,
          outputMtok: sql`excluded.output_mtok`,
          cacheReadMtok: sql`excluded.cache_read_mtok`,
          cacheWriteMtok: sql`excluded.cache_write_mtok`,
        },
      })
      .returning();
    if (!stored) throw new Error("upsert returned no row");
    return toPriceOverride(stored);
  });
}
