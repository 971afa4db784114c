import { type SQL, sql } from "drizzle-orm";
import { modelPrices } from "../../schema";

/**
 * SQL prefilter for the overrides that could apply to `model`, mirroring the
 * domain's matching (case-insensitive; "provider/name" also stands for "name"
 * and vice versa). The domain's priceStep makes the final choice among them,
 * so this only has to be a superset of what it could select.
 */
export function overridesMatchingModel(model: string | null | undefined): SQL {
  if (model == null || model.trim() === "") return sql`false`;
  const full = model.trim().toLowerCase();
  const slash = full.indexOf("/");
  const bare = slash > 0 && slash < full.length - 1 ? full.slice(slash + 1) : full;
  const stored = sql`lower(btrim(${modelPrices.model}))`;
  return sql`(${stored} IN (${full}, ${bare}) OR (strpos(${stored}, '/') > 1 AND substr(${stored}, strpos(${stored}, '/') + 1) IN (${full}, ${bare})))`;
}
