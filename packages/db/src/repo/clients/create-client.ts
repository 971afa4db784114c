import { clientIdSchema } from "@columnline/domain";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { parseField, parseNonEmptyText } from "../../internal/validate";
import { clients } from "../../schema";
import type { Client, ClientConfig } from "./types";
import { parseClientConfig } from "./validate-config";

export interface CreateClientInput {
  clientId: string;
  name: string;
  config?: ClientConfig;
}

/** Creates a client; an existing client_id is a CONFLICT. */
export async function createClient(handle: DbHandle, input: CreateClientInput): Promise<Client> {
  const clientId = parseField(clientIdSchema, input.clientId, "clientId");
  const name = parseNonEmptyText(input.name, "name");
  const config = input.config === undefined ? {} : parseClientConfig(input.config);
  return withDomainErrors(async () => {
    const [created] = await executorOf(handle)
      .insert(clients)
      .values({ clientId, name, config })
      .returning();
    if (!created) throw new Error("insert returned no row");
    return created;
  });
}
