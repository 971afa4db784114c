import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, getClient, listClients, updateClient } from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { expectDomainError, uniqueToken } from "./helpers";

describe.each(testEngines())("clients repository (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("creates a client with an empty config by default and reads it back", async () => {
    const clientId = `CLT_${uniqueToken()}`;
    const created = await createClient(db, { clientId, name: "Roger Acres" });
    expect(created).toMatchObject({ clientId, name: "Roger Acres", config: {} });
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(await getClient(db, clientId)).toEqual(created);
  });

  it("answers CONFLICT for a duplicate client_id and NOT_FOUND for an unknown one", async () => {
    const clientId = `CLT_${uniqueToken()}`;
    await createClient(db, { clientId, name: "A" });
    const error = await expectDomainError(
      createClient(db, { clientId, name: "B" }),
      "CONFLICT",
      /client_id already exists/,
    );
    expect(error.details?.client_id).toBe(clientId);
    await expectDomainError(getClient(db, "CLT_MISSING_X"), "NOT_FOUND", /client CLT_MISSING_X/);
  });

  it("validates the client id, name and config", async () => {
    await expectDomainError(createClient(db, { clientId: "has space", name: "A" }), "VALIDATION");
    await expectDomainError(
      createClient(db, { clientId: `CLT_${uniqueToken()}`, name: " " }),
      "VALIDATION",
    );
    await expectDomainError(
      createClient(db, {
        clientId: `CLT_${uniqueToken()}`,
        name: "A",
        config: [] as unknown as Record<string, unknown>,
      }),
      "VALIDATION",
    );
  });

  it("lists clients in client_id order, a page at a time, every client once", async () => {
    const prefix = `CLT_LIST_${uniqueToken()}`;
    const ids = ["C", "A", "E", "B", "D"].map((letter) => `${prefix}_${letter}`);
    for (const clientId of ids) await createClient(db, { clientId, name: clientId });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listClients(db, { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((client) => client.clientId));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined && pages < 1000);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => id.startsWith(prefix))).toEqual([...ids].sort());
    expect(seen).toEqual([...seen].sort());
    const all = await listClients(db, { limit: 200 });
    expect(all.items.length).toBeGreaterThanOrEqual(5);
  });

  it("refuses a cursor it did not make and a limit outside 1-200", async () => {
    await expectDomainError(
      listClients(db, { cursor: "bm90IGEgY2xpZW50IQ" }),
      "VALIDATION",
      /cursor/,
    );
    await expectDomainError(listClients(db, { limit: 0 }), "VALIDATION", /limit/);
    await expectDomainError(listClients(db, { limit: 201 }), "VALIDATION", /limit/);
  });

  it("updates name and config, bumping updated_at", async () => {
    const clientId = `CLT_${uniqueToken()}`;
    const created = await createClient(db, { clientId, name: "Old", config: { a: 1 } });
    const renamed = await updateClient(db, clientId, { name: "New" });
    expect(renamed).toMatchObject({ name: "New", config: { a: 1 } });
    const reconfigured = await updateClient(db, clientId, { config: { b: 2 } });
    expect(reconfigured).toMatchObject({ name: "New", config: { b: 2 } });
    expect(reconfigured.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
    await expectDomainError(updateClient(db, "CLT_MISSING_Y", { name: "x" }), "NOT_FOUND");
    await expectDomainError(updateClient(db, clientId, {}), "VALIDATION");
  });
});
