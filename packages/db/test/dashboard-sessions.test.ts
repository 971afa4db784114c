import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createApiKey,
  createDashboardSession,
  endDashboardSession,
  findDashboardSession,
  hashSessionToken,
  revokeApiKey,
} from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { rows } from "./helpers";

const HOUR = 3_600_000;

describe.each(testEngines())("dashboard sessions repository (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  const start = async (apiKeyId: string, now = new Date()) =>
    createDashboardSession(db, { apiKeyId, now, expiresAt: new Date(now.getTime() + 12 * HOUR) });

  it("stores only the token's SHA-256 hash and finds the session with its key", async () => {
    const { apiKey } = await createApiKey(db, { name: "reader", scopes: ["runs:read"] });
    const now = new Date();
    const { token } = await start(apiKey.id, now);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await rows(
      db,
      sql`SELECT * FROM v2_dashboard_sessions WHERE api_key_id = ${apiKey.id}`,
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).toBe(hashSessionToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    const found = await findDashboardSession(db, token, now);
    expect(found).toMatchObject({
      apiKeyId: apiKey.id,
      key: { name: "reader", scopes: ["runs:read"] },
      adminKeyProof: null,
    });
    expect(found?.expiresAt.getTime()).toBe(now.getTime() + 12 * HOUR);
    expect(await findDashboardSession(db, `${token}x`, now)).toBeNull();
  });

  it("refuses an expired session and deletes expired ones when the next starts", async () => {
    const { apiKey } = await createApiKey(db, { name: "short", scopes: ["runs:read"] });
    const past = new Date(Date.now() - 13 * HOUR);
    const { token } = await start(apiKey.id, past);
    expect(await findDashboardSession(db, token, new Date(past.getTime() + HOUR))).not.toBeNull();
    expect(await findDashboardSession(db, token, new Date())).toBeNull();
    await start(apiKey.id);
    const left = await rows(
      db,
      sql`SELECT 1 FROM v2_dashboard_sessions WHERE token_hash = ${hashSessionToken(token)}`,
    );
    expect(left).toHaveLength(0);
  });

  it("ends a key's sessions when the key is revoked", async () => {
    const { apiKey } = await createApiKey(db, { name: "revoked", scopes: ["admin"] });
    const { token } = await start(apiKey.id);
    await revokeApiKey(db, apiKey.id);
    expect(await findDashboardSession(db, token, new Date())).toBeNull();
    const left = await rows(
      db,
      sql`SELECT 1 FROM v2_dashboard_sessions WHERE api_key_id = ${apiKey.id}`,
    );
    expect(left).toHaveLength(0);
  });

  it("ends one session on sign-out, once", async () => {
    const { apiKey } = await createApiKey(db, { name: "two tabs", scopes: ["runs:read"] });
    const first = await start(apiKey.id);
    const second = await start(apiKey.id);
    expect(await endDashboardSession(db, first.token)).toBe(true);
    expect(await endDashboardSession(db, first.token)).toBe(false);
    expect(await findDashboardSession(db, first.token, new Date())).toBeNull();
    expect(await findDashboardSession(db, second.token, new Date())).not.toBeNull();
  });

  it("keeps an ADMIN_API_KEY session's proof and refuses a session without an owner", async () => {
    const { token } = await createDashboardSession(db, {
      apiKeyId: null,
      adminKeyProof: (sessionToken) => hashSessionToken(`proof:${sessionToken}`),
      now: new Date(),
      expiresAt: new Date(Date.now() + HOUR),
    });
    expect(await findDashboardSession(db, token, new Date())).toMatchObject({
      apiKeyId: null,
      key: null,
      adminKeyProof: hashSessionToken(`proof:${token}`),
    });
    await expect(
      createDashboardSession(db, {
        apiKeyId: null,
        now: new Date(),
        expiresAt: new Date(Date.now() + HOUR),
      }),
    ).rejects.toThrow();
  });
});
