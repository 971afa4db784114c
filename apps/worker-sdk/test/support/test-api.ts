import { randomBytes } from "node:crypto";
import { startTestServer } from "@columnline/api/testing";
import type { Engine } from "@columnline/db";
import { createRunsClient, type RunsClient } from "../../src/index.js";

export const ADMIN_KEY = `sdk-test-admin-${randomBytes(12).toString("hex")}`;

export interface TestApi {
  url: string;
  /** A client with the admin key, straight to the API (no proxy). */
  admin: RunsClient;
  /** A client_id no other test uses, created on the API. */
  newClientId(): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

/** The real API on a free port over a fresh database of `engine`: one per test file and engine. */
export async function startTestApi(
  engine: Engine,
  options: Omit<NonNullable<Parameters<typeof startTestServer>[1]>, "adminApiKey"> = {},
): Promise<TestApi> {
  const server = await startTestServer(engine, { ...options, adminApiKey: ADMIN_KEY });
  const admin = createRunsClient({ baseUrl: server.url, apiKey: ADMIN_KEY });
  return {
    url: server.url,
    admin,
    async newClientId() {
      counter += 1;
      const clientId = `CLT_SDK_${counter}_${randomBytes(3).toString("hex").toUpperCase()}`;
      await admin.clients.create.mutate({
        client_id: clientId,
        name: `SDK test client ${counter}`,
      });
      return clientId;
    },
    close: () => server.close(),
  };
}
