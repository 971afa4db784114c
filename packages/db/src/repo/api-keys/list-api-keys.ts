import { asc } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { apiKeys } from "../../schema";
import { type ApiKey, toApiKey } from "./types";

/** Every key, revoked ones included (revokedAt set), oldest first. */
export async function listApiKeys(handle: DbHandle): Promise<ApiKey[]> {
  return withDomainErrors(async () => {
    const rows = await executorOf(handle).select().from(apiKeys).orderBy(asc(apiKeys.createdAt));
    return rows.map(toApiKey);
  });
}
