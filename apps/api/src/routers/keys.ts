import { z } from "zod";
import {
  apiKeyIdInput,
  apiKeyJsonSchema,
  createApiKeyInput,
  createdApiKeyJsonSchema,
} from "../contract/api-key";
import { createApiKeyCore, listApiKeysCore, revokeApiKeyCore } from "../core/api-keys-core";
import { createTRPCRouter, scopedProcedure } from "../trpc";

export const keysRouter = createTRPCRouter({
  create: scopedProcedure("admin")
    .meta({
      rest: {
        method: "POST",
        path: "/keys",
        summary: "Create an API key; the key is in this response only",
        response: createdApiKeyJsonSchema,
        status: 201,
      },
    })
    .input(createApiKeyInput)
    .mutation(({ input, ctx }) => createApiKeyCore(input, ctx)),

  list: scopedProcedure("admin")
    .meta({
      rest: {
        method: "GET",
        path: "/keys",
        summary: "List API keys (never the keys themselves)",
        response: z.array(apiKeyJsonSchema),
      },
    })
    .input(z.strictObject({}).optional())
    .query(({ ctx }) => listApiKeysCore(ctx)),

  revoke: scopedProcedure("admin")
    .meta({
      rest: {
        method: "DELETE",
        path: "/keys/{id}",
        errors: ["NOT_FOUND"],
        summary: "Revoke an API key; it stops working at once",
        response: apiKeyJsonSchema,
      },
    })
    .input(apiKeyIdInput)
    .mutation(({ input, ctx }) => revokeApiKeyCore(input, ctx)),
});
