import type { Client } from "@columnline/db";
import { clientIdSchema } from "@columnline/domain";
import { z } from "zod";
import { jsonObjectSchema } from "./json-object";
import { nonBlankJsonSchema, storableText } from "./text";
import { isoTimeJson } from "./time";

const clientName = storableText("name", 200)
  .pipe(z.string().trim().min(1, "name must not be empty"))
  .meta(nonBlankJsonSchema("name"));

/** Cursors are opaque: JSON Schema cannot say where a valid one comes from. */
export const CURSOR_NOTE =
  "Opaque: only a next_cursor from the previous page of the same listing; anything else is a 400";

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
  })
  // The refine above, as JSON Schema: the body names name, config or both.
  .meta({ minProperties: 1, anyOf: [{ required: ["name"] }, { required: ["config"] }] });

export const clientJsonSchema = z.object({
  client_id: clientIdSchema,
  name: z.string(),
  config: z.record(z.string(), z.unknown()),
  created_at: isoTimeJson,
  updated_at: isoTimeJson,
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
  cursor: z.string().max(500).optional().describe(CURSOR_NOTE),
});

export const clientPageJsonSchema = z.object({
  items: z.array(clientJsonSchema),
  next_cursor: z
    .string()
    .nullable()
    .describe("Pass as cursor for the next page; null on the last page"),
});
