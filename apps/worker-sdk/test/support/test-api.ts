import { randomBytes } from "node:crypto";
// @columnline/api exports only its router type; the server comes from its source (tests only, never src/).
import { startApi } from "@columnline/api/server";
import type { Engine } from "@columnline/db";
import { openTestDb } from "@columnline/db/testing";
import { pino } from "pino";
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
export async function startTestApi(engine: Engine): Promise<TestApi> {
  const db = await openTestDb(engine);
  try {
    const api = await startApi({
      db,
      logger: pino({ level: "silent" }),
      port: 0,
      host: "127.0.0.1",
      adminApiKey: ADMIN_KEY,
      runTimeoutMs: 6 * 3_600_000,
      reaperIntervalMs: 3_600_000,
    });
    const admin = createRunsClient({ baseUrl: api.url, apiKey: ADMIN_KEY });
    return {
      url: api.url,
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
      async close() {
        try {
          await api.stop();
        } finally {
          await db.close();
        }
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
