import { notFound, validationError } from "@columnline/domain";
import { eq, sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { parseNonEmptyText } from "../../internal/validate";
import { clients } from "../../schema";
import type { Client, ClientConfig } from "./types";
import { parseClientConfig } from "./validate-config";

export interface UpdateClientInput {
  name?: string;
  /** Replaces the whole config; existing runs keep the snapshot they were created with. */
  config?: ClientConfig;
}

/** Updates name and/or config; NOT_FOUND for an unknown client. */
export async function updateClient(
  handle: DbHandle,
  clientId: string,
  input: UpdateClientInput,
): Promise<Client> {
  const changes: Partial<typeof clients.$inferInsert> = {};
  if (input.name !== undefined) changes.name = parseNonEmptyText(input.name, "name");
  if (input.config !== undefined) changes.config = parseClientConfig(input.config);
  if (Object.keys(changes).length === 0) {
    throw validationError("nothing to update: give name and/or config");
  }
  return withDomainErrors(async () => {
    const [updated] = await executorOf(handle)
      .update(clients)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(clients.clientId, clientId))
      .returning();
    if (!updated) throw notFound("client", clientId);
    return updated;
  });
}
