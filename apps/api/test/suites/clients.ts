import { beforeAll, describe, expect, it } from "vitest";
import { expectError, expectStatus, issuePaths } from "../fixtures";
import { type TestApi, uniqueToken } from "../harness";
import type { SuiteEnv } from "./suite-env";

interface ClientJson {
  client_id: string;
  name: string;
  config: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export function clientsSuite(env: SuiteEnv): void {
  describe("clients over REST", () => {
    let api: TestApi;
    beforeAll(() => {
      api = env.api;
    });

    const freshClientId = () => `CLT_${uniqueToken()}`;

    it("creates a client (201) and reads it back", async () => {
      const clientId = freshClientId();
      const created = expectStatus(
        await api.rest<ClientJson>("POST", "/clients", {
          client_id: clientId,
          name: "Roger Acres",
          config: { tier: "gold", models: ["gpt-4o"] },
        }),
        201,
      );
      expect(created).toMatchObject({
        client_id: clientId,
        name: "Roger Acres",
        config: { tier: "gold", models: ["gpt-4o"] },
      });
      expect(created.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const read = expectStatus(await api.rest<ClientJson>("GET", `/clients/${clientId}`), 200);
      expect(read).toEqual(created);
    });

    it("lists clients a page at a time (GET /clients), admin only", async () => {
      const prefix = `CLT_PAGE_${uniqueToken()}`;
      const ids = [`${prefix}_B`, `${prefix}_A`, `${prefix}_C`];
      for (const clientId of ids) {
        expectStatus(
          await api.rest("POST", "/clients", { client_id: clientId, name: clientId }),
          201,
        );
      }
      const seen: ClientJson[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
        const page = expectStatus(
          await api.rest<{ items: ClientJson[]; next_cursor: string | null }>(
            "GET",
            `/clients?limit=2${query}`,
          ),
          200,
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor !== null && seen.length < 10_000);
      const ours = seen.filter((client) => client.client_id.startsWith(prefix));
      expect(ours.map((client) => client.client_id)).toEqual([...ids].sort());
      expect(ours[0]).toMatchObject({ name: `${prefix}_A`, config: {} });
      expectError(await api.rest("GET", "/clients?limit=0"), 400, "VALIDATION");
      expectError(await api.rest("GET", "/clients?cursor=nope!"), 400, "VALIDATION");
      const { key } = expectStatus(
        await api.rest<{ key: string }>("POST", "/keys", { name: "reader", scopes: ["runs:read"] }),
        201,
      );
      expectError(await api.rest("GET", "/clients", undefined, key), 403, "FORBIDDEN");
    });

    it("defaults config to an empty object", async () => {
      const clientId = freshClientId();
      const created = expectStatus(
        await api.rest<ClientJson>("POST", "/clients", { client_id: clientId, name: "No config" }),
        201,
      );
      expect(created.config).toEqual({});
    });

    it("patches the name, the config, or both", async () => {
      const clientId = freshClientId();
      await api.rest("POST", "/clients", { client_id: clientId, name: "Old", config: { a: 1 } });

      const renamed = expectStatus(
        await api.rest<ClientJson>("PATCH", `/clients/${clientId}`, { name: "New" }),
        200,
      );
      expect(renamed).toMatchObject({ name: "New", config: { a: 1 } });

      const reconfigured = expectStatus(
        await api.rest<ClientJson>("PATCH", `/clients/${clientId}`, { config: { b: 2 } }),
        200,
      );
      // The config is replaced, not merged.
      expect(reconfigured).toMatchObject({ name: "New", config: { b: 2 } });
      expect(Date.parse(reconfigured.updated_at)).toBeGreaterThanOrEqual(
        Date.parse(reconfigured.created_at),
      );

      const both = expectStatus(
        await api.rest<ClientJson>("PATCH", `/clients/${clientId}`, { name: "Both", config: {} }),
        200,
      );
      expect(both).toMatchObject({ name: "Both", config: {} });
      expect(
        expectStatus(await api.rest<ClientJson>("GET", `/clients/${clientId}`), 200),
      ).toMatchObject({ name: "Both", config: {} });
    });

    it("refuses a duplicate client_id with 409", async () => {
      const clientId = freshClientId();
      expectStatus(await api.rest("POST", "/clients", { client_id: clientId, name: "A" }), 201);
      const body = expectError(
        await api.rest("POST", "/clients", { client_id: clientId, name: "B" }),
        409,
        "CONFLICT",
      );
      expect(body.message).toMatch(/client_id/);
      // The first client is untouched.
      expect(
        expectStatus(await api.rest<ClientJson>("GET", `/clients/${clientId}`), 200).name,
      ).toBe("A");
    });

    it("answers 404 naming an unknown client, on GET and PATCH", async () => {
      const clientId = freshClientId();
      const read = expectError(await api.rest("GET", `/clients/${clientId}`), 404, "NOT_FOUND");
      expect(read.message).toContain(clientId);
      const patched = expectError(
        await api.rest("PATCH", `/clients/${clientId}`, { name: "x" }),
        404,
        "NOT_FOUND",
      );
      expect(patched.message).toContain(clientId);
    });

    it("answers 400 with issues naming each invalid field", async () => {
      const body = expectError(
        await api.rest("POST", "/clients", { client_id: "bad id!", name: "   ", config: [1, 2] }),
        400,
        "VALIDATION",
      );
      expect(issuePaths(body).sort()).toEqual(["client_id", "config", "name"]);

      const missing = expectError(await api.rest("POST", "/clients", {}), 400, "VALIDATION");
      expect(issuePaths(missing).sort()).toEqual(["client_id", "name"]);

      const tooLong = expectError(
        await api.rest("POST", "/clients", { client_id: "x".repeat(65), name: "n".repeat(201) }),
        400,
      );
      expect(issuePaths(tooLong).sort()).toEqual(["client_id", "name"]);
    });

    it("rejects unknown fields, naming them (inputs are strict objects)", async () => {
      const clientId = freshClientId();
      const created = expectError(
        await api.rest("POST", "/clients", { client_id: clientId, name: "A", tier: "gold" }),
        400,
        "VALIDATION",
      );
      expect(issuePaths(created)).toEqual(["tier"]);
      // Nothing was created.
      expectError(await api.rest("GET", `/clients/${clientId}`), 404);

      expectStatus(await api.rest("POST", "/clients", { client_id: clientId, name: "A" }), 201);
      const patched = expectError(
        await api.rest("PATCH", `/clients/${clientId}`, { name: "B", colour: "red" }),
        400,
      );
      expect(issuePaths(patched)).toEqual(["colour"]);
      const query = expectError(await api.rest("GET", `/clients/${clientId}?verbose=1`), 400);
      expect(issuePaths(query)).toEqual(["verbose"]);
    });

    it("refuses a PATCH that changes nothing, and a body client_id that differs from the URL", async () => {
      const clientId = freshClientId();
      await api.rest("POST", "/clients", { client_id: clientId, name: "A" });
      expectError(await api.rest("PATCH", `/clients/${clientId}`, {}), 400, "VALIDATION");
      const mismatch = expectError(
        await api.rest("PATCH", `/clients/${clientId}`, { client_id: freshClientId(), name: "B" }),
        400,
      );
      expect(issuePaths(mismatch)).toEqual(["client_id"]);
    });

    it("refuses config JSON Postgres could not store, naming the field", async () => {
      const clientId = freshClientId();
      let deep: Record<string, unknown> = { leaf: true };
      for (let level = 0; level < 40; level++) deep = { nested: deep };
      for (const config of [deep, { text: "a\u0000b" }, { text: "half \ud800 pair" }]) {
        const body = expectError(
          await api.rest("POST", "/clients", { client_id: clientId, name: "A", config }),
          400,
          "VALIDATION",
        );
        expect(issuePaths(body)).toEqual(["config"]);
      }
    });
  });
}
