import { notFound } from "@columnline/domain";
import { and, eq, isNull, sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { isUuid } from "../../internal/validate";
import { apiKeys, dashboardSessions } from "../../schema";
import { type ApiKey, toApiKey } from "./types";

/** Services that cache authenticated keys LISTEN here; the payload is the key's id. */
export const API_KEY_REVOKED_CHANNEL = "columnline_api_key_revoked";

/**
 * Revokes the key (idempotent: a revoked key keeps its first revokedAt); NOT_FOUND if unknown.
 * Notifies API_KEY_REVOKED_CHANNEL (at commit, when inside a transaction) so every
 * instance drops the key from its cache at once. Its dashboard sessions end with it.
 */
export async function revokeApiKey(
  handle: DbHandle,
  id: string,
  options: { now?: Date } = {},
): Promise<ApiKey> {
  if (!isUuid(id)) throw notFound("API key", id);
  const now = options.now ?? new Date();
  return withDomainErrors(async () => {
    const executor = executorOf(handle);
    const [revoked] = await executor
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning();
    if (revoked) {
      await executor.delete(dashboardSessions).where(eq(dashboardSessions.apiKeyId, id));
      await executor.execute(sql`select pg_notify(${API_KEY_REVOKED_CHANNEL}, ${id})`);
      return toApiKey(revoked);
    }
    const [existing] = await executor.select().from(apiKeys).where(eq(apiKeys.id, id));
    if (!existing) throw notFound("API key", id);
    return toApiKey(existing);
  });
}
