import { type SQL, sql } from "drizzle-orm";
import { modelPrices } from "../../schema";

/**
 * The names an override's model is compared with for `model`: the trimmed, lower-cased
 * full name and the part after a "provider/" prefix (the same when there is none).
 * null when there is no model, so no override can apply.
 */
export function modelMatchKeys(model: string | null | undefined): [string, string] | null {
  if (model == null || model.trim() === "") return null;
  const full = model.trim().toLowerCase();
  const slash = full.indexOf("/");
  const bare = slash > 0 && slash < full.length - 1 ? full.slice(slash + 1) : full;
  return [full, bare];
}

/**
 * SQL prefilter for the overrides that could apply to `model`, mirroring the
 * domain's matching (case-insensitive; "provider/name" also stands for "name"
 * and vice versa). The domain's priceStep makes the final choice among them,
 * so this only has to be a superset of what it could select. record_run_step's
 * p_override_models check (migrations/0002) applies the same rule to the keys of
 * modelMatchKeys: keep the two in step.
 */
export function overridesMatchingModel(model: string | null | undefined): SQL {
  const keys = modelMatchKeys(model);
  if (keys === null) return sql`false`;
  const [full, bare] = keys;
  const stored = sql`lower(btrim(${modelPrices.model}))`;
  return sql`(${stored} IN (${full}, ${bare}) OR (strpos(${stored}, '/') > 1 AND substr(${stored}, strpos(${stored}, '/') + 1) IN (${full}, ${bare})))`;
}
