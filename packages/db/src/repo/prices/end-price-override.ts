import { conflict, notFound } from "@columnline/domain";
import { and, eq, gt, isNull, lt, or } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { isUuid, parseDate } from "../../internal/validate";
import { modelPrices } from "../../schema";
import { toPriceOverride } from "./to-price-override";
import type { StoredPriceOverride } from "./types";

export interface EndPriceOverrideInput {
  id: string;
  /** The exclusive end: a step at this instant or later is priced as if the override did not exist. */
  until: Date;
  /** The service's clock: an end before it would change the price of steps already recorded. */
  now: Date;
}

/**
 * Ends an override at `until` (now or later), keeping the row: the steps it priced stay
 * explained by a price lookup at their time. An end not yet reached may be moved; one that
 * has passed may not. Refusals are CONFLICT (they depend on the override and the clock).
 */
export async function endPriceOverride(
  handle: DbHandle,
  input: EndPriceOverrideInput,
): Promise<StoredPriceOverride> {
  if (!isUuid(input.id)) throw notFound("price override", input.id);
  const until = parseDate(input.until, "until");
  const now = parseDate(input.now, "now");
  if (until.getTime() < now.getTime()) {
    throw conflict(
      `price override ${input.id}: effective_until ${until.toISOString()} is before now (${now.toISOString()}); an end in the past would change the price of steps already recorded`,
    );
  }
  return withDomainErrors(async () => {
    const executor = executorOf(handle);
    // One statement decides: a concurrent end or delete is seen, never overwritten.
    const [ended] = await executor
      .update(modelPrices)
      .set({ effectiveUntil: until })
      .where(
        and(
          eq(modelPrices.id, input.id),
          lt(modelPrices.effectiveFrom, until),
          or(isNull(modelPrices.effectiveUntil), gt(modelPrices.effectiveUntil, now)),
        ),
      )
      .returning();
    if (ended) return toPriceOverride(ended);
    const [existing] = await executor
      .select()
      .from(modelPrices)
      .where(eq(modelPrices.id, input.id));
    if (!existing) throw notFound("price override", input.id);
    if (existing.effectiveUntil !== null && existing.effectiveUntil.getTime() <= now.getTime()) {
      throw conflict(
        `price override ${input.id} already ended at ${existing.effectiveUntil.toISOString()}; a passed end is kept so the steps it priced stay explained (set a new price with PUT /prices/overrides)`,
      );
    }
    throw conflict(
      `price override ${input.id} takes effect at ${existing.effectiveFrom.toISOString()}; effective_until must be after it (delete an override that should never apply)`,
    );
  });
}
