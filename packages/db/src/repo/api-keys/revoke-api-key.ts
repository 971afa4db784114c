import { notFound } from "@columnline/domain";
import { and, eq, isNull } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { isUuid } from "../../internal/validate";
import { apiKeys } from "../../schema";
import { type ApiKey, toApiKey } from "./types";

/** Revokes the key (idempotent: a revoked key keeps its first revokedAt); NOT_FOUND if unknown. */
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
    if (revoked) return toApiKey(revoked);
    const [existing] = await executor.select().from(apiKeys).where(eq(apiKeys.id, id));
    if (!existing) throw notFound("API key", id);
    return toApiKey(existing);
  });
}
