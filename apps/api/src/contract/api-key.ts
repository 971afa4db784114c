import type { ApiKey } from "@columnline/db";
import { apiKeyScopeSchema } from "@columnline/domain";
import { z } from "zod";
import { nonBlankJsonSchema, storableText } from "./text";
import { isoTimeJson } from "./time";

export const createApiKeyInput = z.strictObject({
  name: storableText("name", 200)
    .pipe(z.string().trim().min(1, "name must not be empty"))
    .meta(nonBlankJsonSchema("name")),
  scopes: z
    .array(apiKeyScopeSchema)
    .min(1, "List at least one scope: runs:read, runs:write or admin"),
});

export const apiKeyIdInput = z.strictObject({ id: z.uuid("id must be a key id (a UUID)") });

export const apiKeyJsonSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  key_prefix: z.string().describe("The key's first characters, to tell keys apart"),
  scopes: z.array(apiKeyScopeSchema),
  created_at: isoTimeJson,
  last_used_at: isoTimeJson.nullable(),
  revoked_at: isoTimeJson.nullable(),
});

export const createdApiKeyJsonSchema = apiKeyJsonSchema.extend({
  key: z.string().describe("The key itself: shown this once, store it now"),
});

export const toApiKeyJson = (apiKey: ApiKey): z.infer<typeof apiKeyJsonSchema> => ({
  id: apiKey.id,
  name: apiKey.name,
  key_prefix: apiKey.keyPrefix,
  scopes: apiKey.scopes,
  created_at: apiKey.createdAt.toISOString(),
  last_used_at: apiKey.lastUsedAt?.toISOString() ?? null,
  revoked_at: apiKey.revokedAt?.toISOString() ?? null,
});
