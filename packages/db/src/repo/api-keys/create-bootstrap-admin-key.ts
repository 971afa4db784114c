import { sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { apiKeys } from "../../schema";
import { type CreatedApiKey, createApiKey } from "./create-api-key";

/** Transaction advisory lock key serializing bootstraps ("cl_boot" in ASCII). */
const BOOTSTRAP_LOCK_KEY = "27985179623518068";

/**
 * On a fresh install (no API key rows at all, revoked ones included) creates one
 * "admin" key and returns it with its plaintext; otherwise null. Instances
 * starting together serialize on an advisory lock, so exactly one key is made.
 */
export async function createBootstrapAdminKey(handle: DbHandle): Promise<CreatedApiKey | null> {
  return withDomainErrors(() =>
    executorOf(handle).transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(BOOTSTRAP_LOCK_KEY)})`);
      const [existing] = await tx.select({ id: apiKeys.id }).from(apiKeys).limit(1);
      if (existing) return null;
      return createApiKey(tx, { name: "bootstrap admin", scopes: ["admin"] });
    }),
  );
}
