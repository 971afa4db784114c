import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  authenticateApiKey,
  createApiKey,
  createBootstrapAdminKey,
  findApiKeyByHash,
  hashApiKey,
  listApiKeys,
  revokeApiKey,
} from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { expectDomainError, rows } from "./helpers";

describe.each(testEngines())("API keys repository (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("returns the plaintext once and stores only its SHA-256 hash and a display prefix", async () => {
    const { key, apiKey } = await createApiKey(db, {
      name: "make.com",
      scopes: ["runs:write", "runs:read", "runs:write"],
    });
    expect(key).toMatch(/^clr_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({
      name: "make.com",
      scopes: ["runs:write", "runs:read"],
      keyPrefix: key.slice(0, 12),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(apiKey).not.toHaveProperty("keyHash");
    const stored = await rows(db, sql`SELECT * FROM v2_api_keys WHERE id = ${apiKey.id}`);
    expect(stored[0]?.key_hash).toBe(hashApiKey(key));
    expect(JSON.stringify(stored)).not.toContain(key);
    expect(await findApiKeyByHash(db, hashApiKey(key))).toMatchObject({ id: apiKey.id });
    expect(await findApiKeyByHash(db, hashApiKey("clr_unknown"))).toBeNull();
  });

  it("authenticates a key, touching last_used_at at most once a minute", async () => {
    const { key, apiKey } = await createApiKey(db, { name: "ci", scopes: ["admin"] });
    const t0 = new Date("2026-03-01T10:00:00Z");
    const first = await authenticateApiKey(db, key, { now: t0 });
    expect(first.id).toBe(apiKey.id);
    expect(first.lastUsedAt?.toISOString()).toBe(t0.toISOString());
    const soon = await authenticateApiKey(db, key, { now: new Date(t0.getTime() + 30_000) });
    expect(soon.lastUsedAt?.toISOString()).toBe(t0.toISOString());
    const later = new Date(t0.getTime() + 61_000);
    expect((await authenticateApiKey(db, key, { now: later })).lastUsedAt?.toISOString()).toBe(
      later.toISOString(),
    );
  });

  it("rejects unknown, malformed and revoked keys with UNAUTHORIZED", async () => {
    await expectDomainError(authenticateApiKey(db, "clr_doesnotexist"), "UNAUTHORIZED");
    await expectDomainError(authenticateApiKey(db, "Bearer nonsense"), "UNAUTHORIZED");
    const { key, apiKey } = await createApiKey(db, { name: "old", scopes: ["runs:read"] });
    const revokedAt = new Date("2026-04-01T00:00:00Z");
    const revoked = await revokeApiKey(db, apiKey.id, { now: revokedAt });
    expect(revoked.revokedAt?.toISOString()).toBe(revokedAt.toISOString());
    // Revoking again keeps the first instant.
    expect((await revokeApiKey(db, apiKey.id)).revokedAt?.toISOString()).toBe(
      revokedAt.toISOString(),
    );
    await expectDomainError(authenticateApiKey(db, key), "UNAUTHORIZED");
    await expectDomainError(revokeApiKey(db, "00000000-0000-4000-8000-000000000000"), "NOT_FOUND");
    await expectDomainError(revokeApiKey(db, "nope"), "NOT_FOUND");
  });

  it("lists keys without secrets and validates name and scopes", async () => {
    const { apiKey } = await createApiKey(db, { name: "listed", scopes: ["runs:read"] });
    const listed = await listApiKeys(db);
    expect(listed.map((key) => key.id)).toContain(apiKey.id);
    expect(listed.every((key) => !("keyHash" in key))).toBe(true);
    await expectDomainError(createApiKey(db, { name: "x", scopes: [] }), "VALIDATION");
    await expectDomainError(
      createApiKey(db, { name: "x", scopes: ["root" as "admin"] }),
      "VALIDATION",
    );
    await expectDomainError(createApiKey(db, { name: "", scopes: ["admin"] }), "VALIDATION");
  });

  it("bootstraps exactly one admin key on an empty database, even when asked concurrently", async () => {
    const fresh = await openTestDb(engine);
    try {
      const results = await Promise.all([1, 2, 3].map(() => createBootstrapAdminKey(fresh)));
      const created = results.filter((result) => result !== null);
      expect(created).toHaveLength(1);
      expect(created[0]?.apiKey.scopes).toEqual(["admin"]);
      expect((await authenticateApiKey(fresh, created[0]?.key ?? "")).id).toBe(
        created[0]?.apiKey.id,
      );
      expect(await listApiKeys(fresh)).toHaveLength(1);
      expect(await createBootstrapAdminKey(fresh)).toBeNull();
    } finally {
      await fresh.close();
    }
  });
});
