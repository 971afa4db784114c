import { notFound } from "@columnline/domain";
import { eq } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { clients } from "../../schema";
import type { Client } from "./types";

/** The client, or NOT_FOUND. */
export async function getClient(handle: DbHandle, clientId: string): Promise<Client> {
  return withDomainErrors(async () => {
    const [client] = await executorOf(handle)
      .select()
      .from(clients)
      .where(eq(clients.clientId, clientId));
    if (!client) throw notFound("client", clientId);
    return client;
  });
}
