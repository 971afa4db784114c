/**
 * 7. The SQL functions run as SECURITY INVOKER with a fixed search_path, and the service's own
 * queries are pinned to the schema the migrations created: a schema `evil` with same-named
 * tables, same-named functions and decoy built-ins, put first on the database's search_path,
 * cannot hijack anything the running API does. packages/db/test/sql-functions.test.ts proves
 * the functions' part in SQL; this proves the whole service, through REST and tRPC.
 */
import { createTRPCClient, httpLink } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "../../src/index";
import { freePort, newAdminKey, Service } from "../support/service";
import { queryRows, restCall } from "./support/ledger";
import { type ScratchDatabase, scratchDatabase, serverUrl, withDatabase } from "./support/postgres";

const TABLES = ["v2_clients", "v2_runs", "v2_run_steps", "v2_api_keys", "v2_model_prices"];

/** The attacker's schema: copies of every table (runs seeded with doctored totals), the SQL
 * functions' signatures, and built-ins the service's SQL calls unqualified; every call logged. */
const EVIL_SCHEMA = `
  CREATE SCHEMA evil;
  CREATE TABLE evil.calls (fn text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
  ${TABLES.map((table) => `CREATE TABLE evil.${table} (LIKE public.${table} INCLUDING ALL);`).join("\n")}
  INSERT INTO evil.v2_clients SELECT * FROM public.v2_clients;
  INSERT INTO evil.v2_runs SELECT * FROM public.v2_runs;
  UPDATE evil.v2_runs SET total_tokens = 999, total_cost = 999, total_cost_exact = 999;
  DO $do$
  DECLARE fn record;
  BEGIN
    FOR fn IN
      SELECT p.oid, p.proname FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace
       WHERE n.nspname = 'public' AND p.proname IN ('increment_run_costs', 'record_run_step')
    LOOP
      EXECUTE format(
        'CREATE FUNCTION evil.%I(%s) RETURNS %s LANGUAGE plpgsql AS $f$ BEGIN INSERT INTO evil.calls (fn) VALUES (%L); END $f$',
        fn.proname, pg_get_function_arguments(fn.oid), pg_get_function_result(fn.oid), fn.proname);
    END LOOP;
  END
  $do$;
  CREATE FUNCTION evil.now() RETURNS timestamptz LANGUAGE plpgsql AS $f$
    BEGIN INSERT INTO evil.calls (fn) VALUES ('now'); RETURN '2000-01-01T00:00:00Z'; END $f$;
  CREATE FUNCTION evil.round(numeric, integer) RETURNS numeric LANGUAGE plpgsql AS $f$
    BEGIN INSERT INTO evil.calls (fn) VALUES ('round'); RETURN 0; END $f$;
`;

describe.skipIf(!serverUrl)("search_path hijacking through the running API", () => {
  const adminKey = newAdminKey();
  const clientId = "CLT_SEARCH_PATH";
  const runA = "RUN_20250901_100000";
  const runB = "RUN_20250901_100001";
  let database: ScratchDatabase | undefined;
  let service: Service | undefined;

  beforeAll(async () => {
    database = await scratchDatabase();
  });
  afterAll(async () => {
    try {
      await service?.stop();
    } finally {
      await database?.drop();
    }
  });

  it("keeps every read and write of the service on the real tables and functions", async () => {
    if (!database) throw new Error("no database");
    const port = await freePort();
    // 1. A service migrates the database and records a first step; then it stops.
    service = await Service.start({ port, adminKey, databaseUrl: database.url });
    await restCall(service.url, adminKey, "POST", "/clients", {
      client_id: clientId,
      name: "Real",
    });
    await restCall(service.url, adminKey, "POST", "/runs", {
      client_id: clientId,
      run_id: runA,
      status: "running",
    });
    const usage = { input_tokens: 1000, output_tokens: 500 };
    await restCall(service.url, adminKey, "POST", `/runs/${runA}/steps`, {
      step_id: "s0",
      model: "gpt-4o",
      usage,
    });
    expect((await service.stop()).code).toBe(0);

    // 2. The attacker's schema goes first on the database's search_path, before pg_catalog.
    const databaseName = database.name;
    const evilCounts = await withDatabase(database.url, async (db) => {
      await db.db.execute(EVIL_SCHEMA);
      await db.db.execute(
        `ALTER DATABASE "${databaseName}" SET search_path = evil, pg_catalog, public`,
      );
      return counts(db, "evil");
    });

    // 3. The service restarts (new sessions get the new search_path) and works as usual.
    service = await Service.start({ port, adminKey, databaseUrl: database.url });
    const { url } = service;
    const trpc = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${url}/trpc`, headers: { authorization: `Bearer ${adminKey}` } })],
    });
    const before = await restCall<{ total_tokens: number; total_cost: string }>(
      url,
      adminKey,
      "GET",
      `/runs/${runA}`,
    );
    expect(before).toMatchObject({ total_tokens: 1500, total_cost: "0.0075" });
    await restCall(url, adminKey, "POST", `/runs/${runA}/steps`, {
      step_id: "s1",
      model: "gpt-4o",
      usage,
    });
    const viaTrpc = await trpc.steps.record.mutate({
      run_id: runA,
      step_id: "s2",
      model: "claude-sonnet-4-5",
      usage,
    });
    expect(viaTrpc.run).toMatchObject({ total_tokens: 4500, total_cost: "0.0255" });
    await trpc.runs.create.mutate({ client_id: clientId, run_id: runB, status: "running" });
    await restCall(url, adminKey, "POST", `/runs/${runB}/steps`, {
      step_id: "b1",
      cost_usd: "0.5",
      usage,
    });
    await restCall(url, adminKey, "POST", `/runs/${runB}/complete`);
    await restCall(url, adminKey, "POST", "/clients", {
      client_id: "CLT_SEARCH_PATH_2",
      name: "Two",
    });
    await restCall(url, adminKey, "PUT", "/prices/overrides", {
      model: "gpt-4o",
      input_mtok: "1",
      output_mtok: "1",
    });
    const { key } = await restCall<{ key: string }>(url, adminKey, "POST", "/keys", {
      name: "reader",
      scopes: ["runs:read"],
    });
    // A stored key is looked up in the real v2_api_keys.
    const summary = await restCall<{ run_count: number; total_tokens: number; total_cost: string }>(
      url,
      key,
      "GET",
      "/analytics/cost-summary",
    );
    expect(summary).toMatchObject({ run_count: 1, total_tokens: 1500, total_cost: "0.5000" });
    const runs = await restCall<{ items: { run_id: string; total_tokens: number }[] }>(
      url,
      key,
      "GET",
      "/runs",
    );
    expect(runs.items.map((run) => [run.run_id, run.total_tokens]).sort()).toEqual([
      [runA, 4500],
      [runB, 1500],
    ]);

    // 4. The real tables have every write; the attacker's are as they were, never called.
    await withDatabase(database.url, async (db) => {
      expect(await counts(db, "public")).toEqual({
        v2_clients: 2,
        v2_runs: 2,
        v2_run_steps: 4,
        v2_api_keys: 1,
        v2_model_prices: 1,
      });
      expect(await counts(db, "evil")).toEqual(evilCounts);
      expect(await queryRows(db, "SELECT fn FROM evil.calls")).toEqual([]);
      expect(
        await queryRows(
          db,
          "SELECT run_id, total_tokens FROM evil.v2_runs WHERE total_tokens <> 999",
        ),
      ).toEqual([]);
      const mismatches = await queryRows(
        db,
        `SELECT r.run_id FROM public.v2_runs r
           LEFT JOIN (SELECT run_id, sum(tokens) AS tokens, sum(cost) AS cost
                        FROM public.v2_run_steps GROUP BY run_id) l USING (run_id)
          WHERE r.total_tokens <> coalesce(l.tokens, 0)
             OR r.total_cost <> pg_catalog.round(coalesce(l.cost, 0), 4)
             OR r.total_cost_exact <> coalesce(l.cost, 0)`,
      );
      expect(mismatches).toEqual([]);
      // The trap was armed: a session on the database's search_path reads evil's doctored run.
      const armed = await db.db.transaction(async (tx) => {
        await tx.execute("SET LOCAL search_path = evil, pg_catalog, public");
        const result: unknown = await tx.execute(
          `SELECT total_tokens, now() AS now FROM v2_runs WHERE run_id = '${runA}'`,
        );
        return (result as { total_tokens: number; now: Date }[])[0];
      });
      expect(armed?.total_tokens).toBe(999);
      await db.db.execute("DELETE FROM evil.calls");
      console.log(
        `[search_path] database search_path "evil, pg_catalog, public" (armed: an unpinned session reads ` +
          `evil.v2_runs); the service wrote ${JSON.stringify(await counts(db, "public"))} to public, ` +
          `nothing to evil, and called none of evil's functions`,
      );
    });
  });
});

async function counts(
  db: Parameters<typeof queryRows>[0],
  schema: "public" | "evil",
): Promise<Record<string, number>> {
  const [row] = await queryRows(
    db,
    `SELECT ${TABLES.map((table) => `(SELECT count(*)::int FROM ${schema}.${table}) AS ${table}`).join(", ")}`,
  );
  return row as Record<string, number>;
}
