import type { Principal } from "@columnline/domain";
import { apiKeyScopeSchema } from "@columnline/domain";
import { z } from "zod";
import { isoTimeJson } from "./time";

/** The key pasted into the dashboard's sign-in form (surrounding whitespace is forgiven). */
export const signInInput = z.strictObject({
  key: z
    .string("key must be an API key (text)")
    .trim()
    .min(1, "key must not be empty: paste an API key")
    .max(512, "key must be at most 512 characters"),
});

export const sessionJsonSchema = z.object({
  key_id: z.uuid().nullable().describe("The key's id; null for the environment's ADMIN_API_KEY"),
  key_name: z.string(),
  scopes: z.array(apiKeyScopeSchema),
  expires_at: isoTimeJson.describe("When the session ends, whatever happens meanwhile"),
});

export type SessionJson = z.infer<typeof sessionJsonSchema>;

export const toSessionJson = (session: { principal: Principal; expiresAt: Date }): SessionJson => ({
  key_id: session.principal.keyId,
  key_name: session.principal.name,
  scopes: [...session.principal.scopes],
  expires_at: session.expiresAt.toISOString(),
});
