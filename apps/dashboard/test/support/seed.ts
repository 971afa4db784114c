import { randomBytes } from "node:crypto";
import { adminClient } from "./render-page";

/** A client no other test uses, created through the API. */
export async function newClient(): Promise<string> {
  const clientId = `CLT_DASH_${randomBytes(4).toString("hex").toUpperCase()}`;
  await adminClient().clients.create.mutate({ client_id: clientId, name: `Dashboard ${clientId}` });
  return clientId;
}
