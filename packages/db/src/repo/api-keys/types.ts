import type { apiKeys } from "../../schema";

/** A stored API key as callers see it: never the key itself, nor its hash. */
export type ApiKey = Omit<typeof apiKeys.$inferSelect, "keyHash">;

export function toApiKey(row: typeof apiKeys.$inferSelect): ApiKey {
  const { keyHash: _hash, ...apiKey } = row;
  return apiKey;
}
