import { createApiKey, listApiKeys, revokeApiKey } from "@columnline/db";
import type { z } from "zod";
import type { Authenticator } from "../auth/authenticator";
import { type apiKeyIdInput, type createApiKeyInput, toApiKeyJson } from "../contract/api-key";
import type { ApiServices } from "../services";

export async function createApiKeyCore(
  input: z.output<typeof createApiKeyInput>,
  ctx: ApiServices,
) {
  const created = await createApiKey(ctx.db, { name: input.name, scopes: input.scopes });
  return { ...toApiKeyJson(created.apiKey), key: created.key };
}

export async function listApiKeysCore(ctx: ApiServices) {
  return (await listApiKeys(ctx.db)).map(toApiKeyJson);
}

export async function revokeApiKeyCore(
  input: z.output<typeof apiKeyIdInput>,
  ctx: ApiServices & { authenticator: Authenticator },
) {
  const revoked = await revokeApiKey(ctx.db, input.id, { now: ctx.now() });
  // Other instances hear of it through NOTIFY; this one must not wait for that.
  ctx.authenticator.forgetKey(revoked.id);
  return toApiKeyJson(revoked);
}
