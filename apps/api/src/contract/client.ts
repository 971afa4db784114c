import type { Client } from "@columnline/db";
import { clientIdSchema } from "@columnline/domain";
import { z } from "zod";
import { jsonObjectSchema } from "./json-object";
import { storableText } from "./text";

const clientName = storableText("name", 200).pipe(
  z.string().trim().min(1, "name must not be empty"),
);

export const clientIdInput = z.strictObject({ client_id: clientIdSchema });

export const createClientInput = z.strictObject({
  client_id: clientIdSchema,
  name: clientName,
  config: jsonObjectSchema.optional(),
});

export const updateClientInput = z
  .strictObject({
    client_id: clientIdSchema,
    name: clientName.optional(),
    config: jsonObjectSchema.optional(),
  })
  .refine((input) => input.name !== undefined || input.config !== undefined, {
    message: "Send name, config or both",
    path: ["name"],
  });

export const clientJsonSchema = z.object({
  client_id: z.string(),
  name: z.string(),
  config: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  updated_at: z.string(),
});

export function toClientJson(client: Client): z.infer<typeof clientJsonSchema> {
  return {
    client_id: client.clientId,
    name: client.name,
    config: client.config,
    created_at: client.createdAt.toISOString(),
    updated_at: client.updatedAt.toISOString(),
  };
}

export const listClientsInput = z.strictObject({
  // Coerced: REST sends query strings.
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const clientPageJsonSchema = z.object({
  items: z.array(clientJsonSchema),
  next_cursor: z.string().nullable(),
});
