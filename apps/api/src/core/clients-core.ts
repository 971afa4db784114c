import { createClient, getClient, listClients, updateClient } from "@columnline/db";
import type { z } from "zod";
import {
  type clientIdInput,
  type createClientInput,
  type listClientsInput,
  toClientJson,
  type updateClientInput,
} from "../contract/client";
import type { ApiServices } from "../services";

export async function createClientCore(
  input: z.output<typeof createClientInput>,
  ctx: ApiServices,
) {
  const client = await createClient(ctx.db, {
    clientId: input.client_id,
    name: input.name,
    ...(input.config ? { config: input.config } : {}),
  });
  return toClientJson(client);
}

export async function getClientCore(input: z.output<typeof clientIdInput>, ctx: ApiServices) {
  return toClientJson(await getClient(ctx.db, input.client_id));
}

export async function updateClientCore(
  input: z.output<typeof updateClientInput>,
  ctx: ApiServices,
) {
  const client = await updateClient(ctx.db, input.client_id, {
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.config === undefined ? {} : { config: input.config }),
  });
  return toClientJson(client);
}

export async function listClientsCore(input: z.output<typeof listClientsInput>, ctx: ApiServices) {
  const page = await listClients(ctx.db, {
    limit: input.limit,
    ...(input.cursor === undefined ? {} : { cursor: input.cursor }),
  });
  return { items: page.items.map(toClientJson), next_cursor: page.nextCursor };
}
