import { notFound } from "@columnline/domain";
import { eq } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { isUuid } from "../../internal/validate";
import { modelPrices } from "../../schema";
import { toPriceOverride } from "./to-price-override";
import type { StoredPriceOverride } from "./types";

/** Deletes the override and returns it; NOT_FOUND for an unknown id. */
export async function deletePriceOverride(
  handle: DbHandle,
  id: string,
): Promise<StoredPriceOverride> {
  // A non-UUID cannot name a row: NOT_FOUND, rather than a cast error from the database.
  if (!isUuid(id)) throw notFound("price override", id);
  return withDomainErrors(async () => {
    const [deleted] = await executorOf(handle)
      .delete(modelPrices)
      .where(eq(modelPrices.id, id))
      .returning();
    if (!deleted) throw notFound("price override", id);
    return toPriceOverride(deleted);
  });
}
