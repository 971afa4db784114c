import { clientIdSchema } from "@columnline/domain";
import { sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { invalid, parseLimit } from "../../internal/validate";
import { clients } from "../../schema";
import type { Client } from "./types";

export interface ListClientsFilter {
  /** Page size, 1-200 (default 50). */
  limit?: number;
  /** nextCursor of the previous page. */
  cursor?: string;
}

export interface ClientPage {
  items: Client[];
  /** null on the last page. */
  nextCursor: string | null;
}

export const MAX_CLIENTS_PAGE = 200;
const DEFAULT_CLIENTS_PAGE = 50;

/** Opaque to callers: base64url of the page's last client_id. */
const encodeClientCursor = (clientId: string) => Buffer.from(clientId).toString("base64url");

function decodeClientCursor(text: string): string {
  const clientId = Buffer.from(text, "base64url").toString("utf8");
  // A crafted cursor must not reach SQL as anything but a client_id.
  if (clientIdSchema.safeParse(clientId).success) return clientId;
  return invalid("cursor", "is not a cursor returned by listClients");
}

// Byte order, the same on both engines whatever the database's collation (client ids are ASCII).
const byteOrder = sql`${clients.clientId} COLLATE "C"`;

/** Clients in client_id (byte) order, by keyset pagination over client_id. */
export async function listClients(
  handle: DbHandle,
  filter: ListClientsFilter = {},
): Promise<ClientPage> {
  const limit = parseLimit(filter.limit, DEFAULT_CLIENTS_PAGE, MAX_CLIENTS_PAGE);
  const after = filter.cursor === undefined ? undefined : decodeClientCursor(filter.cursor);
  return withDomainErrors(async () => {
    const rows = await executorOf(handle)
      .select()
      .from(clients)
      .where(after === undefined ? undefined : sql`${byteOrder} > ${after}`)
      .orderBy(byteOrder)
      .limit(limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > limit && last ? encodeClientCursor(last.clientId) : null;
    return { items, nextCursor };
  });
}
