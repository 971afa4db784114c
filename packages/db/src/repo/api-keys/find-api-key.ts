import { DomainError } from "@columnline/domain";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { apiKeys } from "../../schema";
import { API_KEY_PREFIX, hashApiKey } from "./key-material";
import { type ApiKey, toApiKey } from "./types";

/** last_used_at is refreshed at most this often, so hot keys do not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The key with this SHA-256 hash, revoked or not; null when none. */
export async function findApiKeyByHash(handle: DbHandle, keyHash: string): Promise<ApiKey | null> {
  return withDomainErrors(async () => {
    const [row] = await executorOf(handle)
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, keyHash.toLowerCase()));
    return row ? toApiKey(row) : null;
  });
}

const unauthorized = () => new DomainError("UNAUTHORIZED", "invalid or revoked API key");

/**
 * The active key matching `plaintext`, or UNAUTHORIZED (unknown and revoked keys
 * get the same answer). Touches last_used_at at most once a minute.
 */
export async function authenticateApiKey(
  handle: DbHandle,
  plaintext: string,
  options: { now?: Date } = {},
): Promise<ApiKey> {
  if (typeof plaintext !== "string" || !plaintext.startsWith(API_KEY_PREFIX)) throw unauthorized();
  const now = options.now ?? new Date();
  const apiKey = await findApiKeyByHash(handle, hashApiKey(plaintext));
  if (!apiKey || apiKey.revokedAt !== null) throw unauthorized();
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (apiKey.lastUsedAt !== null && apiKey.lastUsedAt >= staleBefore) return apiKey;
  return withDomainErrors(async () => {
    // The guard repeats the staleness test so concurrent requests write once.
    const [touched] = await executorOf(handle)
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiKeys.id, apiKey.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBefore)),
        ),
      )
      .returning();
    return touched ? toApiKey(touched) : apiKey;
  });
}
