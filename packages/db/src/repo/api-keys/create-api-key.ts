import { type ApiKeyScope, apiKeyScopeSchema } from "@columnline/domain";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { invalid, parseField, parseNonEmptyText } from "../../internal/validate";
import { apiKeys } from "../../schema";
import { displayPrefix, generateApiKey, hashApiKey } from "./key-material";
import { type ApiKey, toApiKey } from "./types";

export interface CreateApiKeyInput {
  name: string;
  scopes: ApiKeyScope[];
}

export interface CreatedApiKey {
  /** The plaintext key: shown this once, never stored. */
  key: string;
  apiKey: ApiKey;
}

export async function createApiKey(
  handle: DbHandle,
  input: CreateApiKeyInput,
): Promise<CreatedApiKey> {
  const name = parseNonEmptyText(input.name, "name");
  if (!Array.isArray(input.scopes) || input.scopes.length === 0) {
    invalid("scopes", "must list at least one scope");
  }
  const scopes = [
    ...new Set(input.scopes.map((scope) => parseField(apiKeyScopeSchema, scope, "scopes"))),
  ];
  const key = generateApiKey();
  return withDomainErrors(async () => {
    const [stored] = await executorOf(handle)
      .insert(apiKeys)
      .values({ name, scopes, keyHash: hashApiKey(key), keyPrefix: displayPrefix(key) })
      .returning();
    if (!stored) throw new Error("insert returned no row");
    return { key, apiKey: toApiKey(stored) };
  });
}
