import { sql, TransactionRollbackError } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordStep, transitionRun } from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { rows, runTotals, seedRun, sqlstateOf, stepCount, uniqueToken } from "./helpers";

/** Runs `body` in a transaction that is always rolled back, leaving no trace. */
async function inRolledBackTransaction(
  db: TestDb,
  body: (tx: Parameters<Parameters<TestDb["db"]["transaction"]>[0]>[0]) => Promise<void>,
) {
  await db.db
    .transaction(async (tx) => {
      await body(tx);
      tx.rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof TransactionRollbackError)) throw error;
    });
}

describe.each(testEngines())("SQL functions (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  describe("increment_run_costs", () => {
    it("is callable with named arguments and returns the new totals as one record", async () => {
      const run = await seedRun(db);
      const [row] = await rows(
        db,
        sql`select increment_run_costs(p_run_id => ${run.runId}, p_tokens => 3, p_cost => 0.00002)`,
      );
      expect(String(row?.increment_run_costs)).toMatch(
        new RegExp(`^\\(${run.runId},3,0.0000,0.00002,`),
      );
      const [columns] = await rows(
        db,
        sql`select run_id, total_tokens, total_cost::text, total_cost_exact::text
              from increment_run_costs(p_run_id => ${run.runId}, p_tokens => 4, p_cost => 0.00003)`,
      );
      expect(columns).toEqual({
        run_id: run.runId,
        total_tokens: 7,
        total_cost: "0.0001",
        total_cost_exact: "0.00005",
      });
    });

    it("adds 10,000 x 0.00002 up to exactly 0.2000", async () => {
      const run = await seedRun(db);
      await rows(
        db,
        sql.raw(`DO $$
          BEGIN
            FOR i IN 1..10000 LOOP
              PERFORM increment_run_costs(p_run_id => '${run.runId}', p_tokens => 1, p_cost => 0.00002);
            END LOOP;
          END $$`),
      );
      expect(await runTotals(db, run.runId)).toEqual({
        totalTokens: 10000,
        totalCost: "0.2000",
        totalCostExact: "0.20000",
      });
    });

    it("rounds total_cost half away from zero from the exact sum", async () => {
      const run = await seedRun(db);
      await rows(db, sql`select increment_run_costs(${run.runId}, 0, 0.00005)`);
      expect((await runTotals(db, run.runId)).totalCost).toBe("0.0001");
      await rows(db, sql`select increment_run_costs(${run.runId}, 0, 0.00004)`);
      // 0.00009 → 0.0001, not round(0.0001 + 0.00004) drifting from rounded parts.
      expect(await runTotals(db, run.runId)).toMatchObject({
        totalCost: "0.0001",
        totalCostExact: "0.00009",
      });
    });

    it("raises distinct SQLSTATEs: P0002 unknown run, 22023 negative or null input", async () => {
      const run = await seedRun(db);
      const call = (runId: string, tokens: number | null, cost: string | null) =>
        rows(db, sql`select increment_run_costs(${runId}, ${tokens}::integer, ${cost}::numeric)`);
      expect(await sqlstateOf(call("RUN_19990101_000000", 1, "0"))).toBe("P0002");
      expect(await sqlstateOf(call(run.runId, -1, "0"))).toBe("22023");
      expect(await sqlstateOf(call(run.runId, null, "0"))).toBe("22023");
      expect(await sqlstateOf(call(run.runId, 1, "-0.1"))).toBe("22023");
      expect(await sqlstateOf(call(run.runId, 1, null))).toBe("22023");
      expect(await runTotals(db, run.runId)).toMatchObject({ totalTokens: 0, totalCost: "0.0000" });
    });

    it("raises 22003 on INTEGER or NUMERIC(10,4) overflow and writes nothing", async () => {
      const run = await seedRun(db);
      await rows(db, sql`select increment_run_costs(${run.runId}, 2147483600, 999999.9998)`);
      const before = await runTotals(db, run.runId);
      expect(await sqlstateOf(rows(db, sql`select increment_run_costs(${run.runId}, 48, 0)`))).toBe(
        "22003",
      );
      expect(
        await sqlstateOf(rows(db, sql`select increment_run_costs(${run.runId}, 0, 0.0002)`)),
      ).toBe("22003");
      expect(await runTotals(db, run.runId)).toEqual(before);
      await rows(db, sql`select increment_run_costs(${run.runId}, 47, 0.0001)`);
      expect(await runTotals(db, run.runId)).toMatchObject({
        totalTokens: 2147483647,
        totalCost: "999999.9999",
      });
    });
  });

  describe("record_run_step", () => {
    const call = (runId: string, stepId: string, fingerprint: string, cost = "0.001") =>
      sql`select * from record_run_step(p_run_id => ${runId}, p_step_id => ${stepId},
            p_input_tokens => 10, p_output_tokens => 5, p_cost => ${cost}::numeric,
            p_request_fingerprint => ${fingerprint})`;

    it("can be called directly (as pgbench will), exactly once per step_id", async () => {
      const run = await seedRun(db);
      const [first] = await rows(db, call(run.runId, "bench-1", "f1"));
      expect(first).toMatchObject({
        duplicate: false,
        step_id: "bench-1",
        tokens: 15,
        cost_source: "computed",
        late: false,
        run_status: "running",
        total_tokens: 15,
      });
      const [again] = await rows(db, call(run.runId, "bench-1", "f1"));
      expect(again).toMatchObject({ duplicate: true, total_tokens: 15 });
      expect(await sqlstateOf(rows(db, call(run.runId, "bench-1", "f2")))).toBe("23505");
      expect(await stepCount(db, run.runId)).toBe(1);
      const [unpriced] = await rows(
        db,
        call(run.runId, "bench-2", "f3", null as unknown as string),
      );
      expect(unpriced).toMatchObject({ cost: null, cost_source: "unpriced", total_tokens: 30 });
    });

    it("raises P0002 unknown run, 55000 pending run, 22023 bad input", async () => {
      const pending = await seedRun(db, { status: "pending" });
      expect(await sqlstateOf(rows(db, call("RUN_19990101_000000", "x", "f")))).toBe("P0002");
      expect(await sqlstateOf(rows(db, call(pending.runId, "x", "f")))).toBe("55000");
      const run = await seedRun(db);
      expect(await sqlstateOf(rows(db, call(run.runId, "x", "f", "-1")))).toBe("22023");
      expect(await sqlstateOf(rows(db, call(run.runId, "", "f")))).toBe("22023");
      expect(
        await sqlstateOf(
          rows(
            db,
            sql`select * from record_run_step(${run.runId}, 'x', 1, 1, 0.1, 'f', p_cost_source => 'unpriced')`,
          ),
        ),
      ).toBe("22023");
      expect(await stepCount(db, run.runId)).toBe(0);
    });

    it("writes neither ledger nor run when the run's totals would overflow", async () => {
      const run = await seedRun(db);
      await rows(db, sql`select increment_run_costs(${run.runId}, 2147483640, 0)`);
      expect(await sqlstateOf(rows(db, call(run.runId, "over", "f")))).toBe("22003");
      expect(await stepCount(db, run.runId)).toBe(0);
      expect((await runTotals(db, run.runId)).totalTokens).toBe(2147483640);
    });
  });

  describe("security", () => {
    it("are SECURITY INVOKER with search_path pinned to the tables' schema", async () => {
      const functions = await rows(
        db,
        sql`select p.proname, p.prosecdef, p.proconfig::text as config
              from pg_proc p join pg_namespace n on n.oid = p.pronamespace
             where n.nspname = 'public' and p.proname in ('increment_run_costs', 'record_run_step')
             order by p.proname`,
      );
      expect(functions).toEqual([
        {
          proname: "increment_run_costs",
          prosecdef: false,
          config: '{"search_path=public, pg_temp"}',
        },
        { proname: "record_run_step", prosecdef: false, config: '{"search_path=public, pg_temp"}' },
      ]);
    });

    it("cannot be hijacked by same-named tables, functions or operators earlier on search_path", async () => {
      const run = await seedRun(db);
      const bystander = await seedRun(db);
      const schema = `hijack_${uniqueToken().toLowerCase()}`;
      await inRolledBackTransaction(db, async (tx) => {
        await tx.execute(sql.raw(`CREATE SCHEMA ${schema}`));
        await tx.execute(
          sql.raw(`CREATE TABLE ${schema}.v2_runs (LIKE public.v2_runs INCLUDING DEFAULTS)`),
        );
        await tx.execute(
          sql.raw(
            `CREATE TABLE ${schema}.v2_run_steps (LIKE public.v2_run_steps INCLUDING DEFAULTS)`,
          ),
        );
        await tx.execute(
          sql.raw(`INSERT INTO ${schema}.v2_runs (run_id, client_id, status, started_at)
                   VALUES ('${run.runId}', 'x', 'running', now())`),
        );
        await tx.execute(
          sql.raw(`CREATE FUNCTION ${schema}.increment_run_costs(p_run_id text, p_tokens integer, p_cost numeric)
                   RETURNS void LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'hijacked'; END $$`),
        );
        // A text = text that matches everything: it would update every run.
        await tx.execute(
          sql.raw(`CREATE FUNCTION ${schema}.always_equal(text, text) RETURNS boolean
                   LANGUAGE sql IMMUTABLE AS 'select true'`),
        );
        await tx.execute(
          sql.raw(
            `CREATE OPERATOR ${schema}.= (LEFTARG = text, RIGHTARG = text, FUNCTION = ${schema}.always_equal)`,
          ),
        );
        await tx.execute(sql.raw(`SET LOCAL search_path = ${schema}, pg_catalog, public`));
        await tx.execute(sql`select public.increment_run_costs(${run.runId}, 5, 0.5)`);
        await tx.execute(
          sql`select * from public.record_run_step(${run.runId}, 'hijack-step', 1, 2, 0.25, 'f')`,
        );
        await tx.execute(sql.raw("SET LOCAL search_path = public"));
        const [real] = await queryTx(
          tx,
          sql`select total_tokens, total_cost::text as cost from public.v2_runs where run_id = ${run.runId}`,
        );
        expect(real).toEqual({ total_tokens: 8, cost: "0.7500" });
        const [other] = await queryTx(
          tx,
          sql`select total_tokens from public.v2_runs where run_id = ${bystander.runId}`,
        );
        expect(other).toEqual({ total_tokens: 0 });
        const [fake] = await queryTx(tx, sql.raw(`select total_tokens from ${schema}.v2_runs`));
        expect(fake).toEqual({ total_tokens: 0 });
        const [fakeSteps] = await queryTx(
          tx,
          sql.raw(`select count(*)::int as n from ${schema}.v2_run_steps`),
        );
        expect(fakeSteps).toEqual({ n: 0 });
      });
    });

    it("run with the caller's privileges (SECURITY INVOKER), not the owner's", async () => {
      const run = await seedRun(db);
      const role = `cl_test_role_${uniqueToken().toLowerCase()}`;
      let sqlstate = "";
      await inRolledBackTransaction(db, async (tx) => {
        await tx.execute(sql.raw(`CREATE ROLE ${role} NOLOGIN`));
        await tx.execute(sql.raw(`GRANT USAGE ON SCHEMA public TO ${role}`));
        await tx.execute(sql.raw(`SET LOCAL ROLE ${role}`));
        // A savepoint, so the expected failure does not abort the outer transaction.
        await tx
          .transaction(async (savepoint) => {
            await savepoint.execute(sql`select public.increment_run_costs(${run.runId}, 1, 0)`);
          })
          .catch(async (error: unknown) => {
            sqlstate = await sqlstateOf(Promise.reject(error));
          });
      });
      expect(sqlstate).toBe("42501");
      expect((await runTotals(db, run.runId)).totalTokens).toBe(0);
    });
  });

  describe("the seed's queries and indexes", () => {
    it("run verbatim", async () => {
      const run = await seedRun(db);
      await recordStep(db, run.runId, {
        stepId: "s",
        model: "gpt-4o",
        usage: { input_tokens: 1000, output_tokens: 200 },
      });
      await rows(
        db,
        sql`UPDATE v2_runs SET total_cost_exact = total_cost_exact + 900000, total_cost = round(total_cost_exact + 900000, 4) WHERE run_id = ${run.runId}`,
      );
      await transitionRun(db, run.runId, "completed");

      const [totals] = await rows(
        db,
        sql.raw(`SELECT run_id, total_tokens, total_cost
FROM v2_runs
WHERE run_id = '${run.runId}';`),
      );
      expect(totals).toEqual({ run_id: run.runId, total_tokens: 1200, total_cost: "900000.0045" });

      const [average] = await rows(
        db,
        sql.raw(`SELECT AVG(total_cost) as avg_cost,
       AVG(total_tokens) as avg_tokens,
       COUNT(*) as run_count
FROM v2_runs
WHERE status = 'completed';`),
      );
      expect(Number(average?.run_count)).toBeGreaterThanOrEqual(1);
      expect(Number(average?.avg_cost)).toBeGreaterThan(0);

      const expensive = await rows(
        db,
        sql.raw(`SELECT run_id, client_id, total_tokens, total_cost
FROM v2_runs
WHERE status = 'completed'
ORDER BY total_cost DESC
LIMIT 10;`),
      );
      expect(expensive[0]).toEqual({
        run_id: run.runId,
        client_id: run.clientId,
        total_tokens: 1200,
        total_cost: "900000.0045",
      });
    });

    it("EXPLAIN: the most-expensive query reads the (status, total_cost DESC) index in order", async () => {
      const plan = await explain(
        db,
        "SELECT run_id, client_id, total_tokens, total_cost FROM v2_runs WHERE status = 'completed' ORDER BY total_cost DESC LIMIT 10",
      );
      expect(plan).toContain("v2_runs_status_total_cost_idx");
      expect(plan).not.toMatch(/\bSort\b/);
    });

    it("EXPLAIN: run listing, client filter and ledger breakdowns have their indexes", async () => {
      expect(
        await explain(
          db,
          "SELECT run_id FROM v2_runs ORDER BY started_at DESC, run_id DESC LIMIT 50",
        ),
      ).toContain("v2_runs_started_idx");
      expect(
        await explain(
          db,
          "SELECT run_id FROM v2_runs WHERE client_id = 'CLT_X' ORDER BY started_at DESC, run_id DESC LIMIT 50",
        ),
      ).toContain("v2_runs_client_started_idx");
      expect(
        await explain(db, "SELECT count(*) FROM v2_run_steps WHERE model = 'gpt-4o'"),
      ).toContain("v2_run_steps_model_idx");
      expect(
        await explain(db, "SELECT count(*) FROM v2_run_steps WHERE recorded_at >= '2026-01-01'"),
      ).toContain("v2_run_steps_recorded_at_idx");
      expect(
        await explain(db, "SELECT * FROM v2_run_steps WHERE run_id = 'RUN_X' ORDER BY step_id"),
      ).toContain("v2_run_steps_run_id_step_id_key");
    });
  });
});

type Tx = Parameters<Parameters<TestDb["db"]["transaction"]>[0]>[0];

async function queryTx(tx: Tx, query: ReturnType<typeof sql>) {
  const { queryRows } = await import("../src/internal/rows");
  return queryRows(tx, query);
}

/** The plan text with sequential scans disabled, which proves an index is usable. */
async function explain(db: TestDb, query: string): Promise<string> {
  let plan = "";
  await inRolledBackTransaction(db, async (tx) => {
    await tx.execute(sql`SET LOCAL enable_seqscan = off`);
    const lines = await queryTx(tx, sql.raw(`EXPLAIN ${query}`));
    plan = lines.map((line) => String(line["QUERY PLAN"])).join("\n");
  });
  return plan;
}
