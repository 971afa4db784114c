import { apiKeyScopes, runStatuses, triggeredByValues } from "@columnline/domain";
import { type SQL, sql } from "drizzle-orm";

/**
 * The domain's value lists rendered as SQL literals for CHECK constraints, so a
 * change in the domain shows up as a schema diff in `drizzle-kit generate`.
 */
const literalList = (values: readonly string[]): SQL =>
  sql.raw(values.map((value) => `'${value.replaceAll("'", "''")}'`).join(", "));

export const costSources = ["computed", "reported", "unpriced"] as const;

export const runStatusValues = literalList(runStatuses);
export const triggeredByValuesSql = literalList(triggeredByValues);
export const costSourceValues = literalList(costSources);
export const apiKeyScopeValues = literalList(apiKeyScopes);
