/**
 * 6. Overflow: a step that would push a run's total_tokens past INTEGER or its total_cost past
 * NUMERIC(10,4) gets a clear 422 and writes nothing, neither on the run nor in the ledger; the
 * boundaries themselves (2,147,483,647 tokens; 999,999.9999 USD after rounding) are accepted.
 */
import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, expectStatus, type RecordStepJson, type RunJson } from "../fixtures";
import { startTestApi, type TestApi, TRPCClientError } from "../harness";
import { queryRows } from "./support/ledger";

const INT_MAX = 2_147_483_647;

describe.each(testEngines())("overflow of a run's totals (%s)", (engine) => {
  let api: TestApi;
  const clientId = "CLT_OVERFLOW";

  beforeAll(async () => {
    api = await startTestApi(engine);
    expectStatus(
      await api.rest("POST", "/clients", { client_id: clientId, name: "Overflow" }),
      201,
    );
  });
  afterAll(async () => {
    await api?.close();
  });

  async function runningRun(runId: string): Promise<RunJson> {
    return expectStatus(
      await api.rest<RunJson>("POST", "/runs", {
        client_id: clientId,
        run_id: runId,
        status: "running",
      }),
      201,
    );
  }
  const step = (runId: string, body: Record<string, unknown>) =>
    api.rest<RecordStepJson>("POST", `/runs/${runId}/steps`, body);
  const getRun = async (runId: string) =>
    expectStatus(await api.rest<RunJson>("GET", `/runs/${runId}`), 200);
  const ledger = (runId: string) =>
    queryRows(
      api.db,
      `SELECT step_id, tokens, cost::text AS cost FROM v2_run_steps WHERE run_id = '${runId}' ORDER BY id`,
    );

  /** Sends a step that must overflow: 422 OVERFLOW naming the column, run and ledger unchanged. */
  async function expectOverflow(runId: string, body: Record<string, unknown>, column: RegExp) {
    const runBefore = await getRun(runId);
    const ledgerBefore = await ledger(runId);
    const error = expectError(await step(runId, body), 422, "OVERFLOW");
    expect(error.message).toMatch(column);
    expect(error.message).toMatch(/nothing was written/);
    // The same request again: still 422, not a 409 (the step_id was not taken), not a 200.
    expectError(await step(runId, body), 422, "OVERFLOW");
    // Through tRPC too.
    const viaTrpc = await api
      .trpc()
      .steps.record.mutate({ run_id: runId, ...body } as never)
      .then(
        () => null,
        (failure: unknown) => failure,
      );
    expect(viaTrpc).toBeInstanceOf(TRPCClientError);
    expect((viaTrpc as TRPCClientError<never>).data).toMatchObject({
      httpStatus: 422,
      domainCode: "OVERFLOW",
    });
    expect(await getRun(runId)).toEqual(runBefore);
    expect(await ledger(runId)).toEqual(ledgerBefore);
  }

  it("takes total_tokens up to INTEGER's maximum and refuses the step that would pass it (422)", async () => {
    const runId = "RUN_20250801_000000";
    await runningRun(runId);
    const usage = (input_tokens: number, output_tokens: number) => ({
      input_tokens,
      output_tokens,
    });
    expectStatus(
      await step(runId, { step_id: "big", usage: usage(2_000_000_000, 147_483_646) }),
      201,
    );
    expectStatus(await step(runId, { step_id: "last", usage: usage(1, 0) }), 201);
    expect((await getRun(runId)).total_tokens).toBe(INT_MAX);

    await expectOverflow(runId, { step_id: "one-more", usage: usage(1, 0) }, /total_tokens/);
    await expectOverflow(runId, { step_id: "many-more", usage: usage(INT_MAX, 0) }, /total_tokens/);
    // A step that alone exceeds INTEGER is invalid input (400), and writes nothing either.
    const runBefore = await getRun(runId);
    expectError(
      await step(runId, { step_id: "alone", usage: usage(INT_MAX, 1) }),
      400,
      "VALIDATION",
    );
    expect(await getRun(runId)).toEqual(runBefore);
    // Zero tokens still fit; the refused step_ids can still be used for a step that fits.
    expectStatus(await step(runId, { step_id: "one-more", usage: usage(0, 0) }), 201);
    expect((await ledger(runId)).map((row) => row.step_id)).toEqual(["big", "last", "one-more"]);
  });

  it("takes total_cost up to 999999.9999 after rounding and refuses the step that would round past it (422)", async () => {
    const runId = "RUN_20250801_000001";
    await runningRun(runId);
    const usage = { input_tokens: 1, output_tokens: 1 };
    expectStatus(await step(runId, { step_id: "c1", usage, cost_usd: "999999.9999" }), 201);
    // 999999.99994 rounds to 999999.9999: fits.
    expectStatus(await step(runId, { step_id: "c2", usage, cost_usd: "0.00004" }), 201);
    expect(await getRun(runId)).toMatchObject({
      total_cost: "999999.9999",
      total_cost_exact: "999999.99994",
    });
    // 999999.99995 would round to 1000000.0000: NUMERIC(10,4) cannot hold it.
    await expectOverflow(runId, { step_id: "c3", usage, cost_usd: "0.00001" }, /total_cost/);
    await expectOverflow(runId, { step_id: "c4", usage, cost_usd: 1 }, /total_cost/);
    // 999999.9999499999 still rounds down: fits.
    expectStatus(await step(runId, { step_id: "c5", usage, cost_usd: "0.0000099999" }), 201);
    expect(await getRun(runId)).toMatchObject({
      total_cost: "999999.9999",
      total_cost_exact: "999999.9999499999",
    });

    // A fresh run: one step worth a million is refused the same way.
    const other = "RUN_20250801_000002";
    await runningRun(other);
    await expectOverflow(other, { step_id: "huge", usage, cost_usd: "1000000" }, /total_cost/);
    expect(await getRun(other)).toMatchObject({ total_tokens: 0, total_cost: "0.0000" });
  });

  it("keeps totals equal to the ledger's sums, and analytics answer over runs at the limits", async () => {
    const mismatches = await queryRows(
      api.db,
      `SELECT r.run_id FROM v2_runs r
         LEFT JOIN (SELECT run_id, sum(tokens) AS tokens, sum(cost) AS cost FROM v2_run_steps GROUP BY run_id) l
           USING (run_id)
        WHERE r.total_tokens <> coalesce(l.tokens, 0)
           OR r.total_cost <> round(coalesce(l.cost, 0), 4)
           OR r.total_cost_exact <> coalesce(l.cost, 0)`,
    );
    expect(mismatches).toEqual([]);

    // Two runs at INTEGER's maximum: sums across runs exceed 32 bits.
    const second = "RUN_20250801_000003";
    await runningRun(second);
    expectStatus(
      await step(second, { step_id: "max", usage: { input_tokens: INT_MAX, output_tokens: 0 } }),
      201,
    );
    for (const runId of ["RUN_20250801_000000", "RUN_20250801_000001", second]) {
      expectStatus(await api.rest("POST", `/runs/${runId}/complete`), 200);
    }
    const summary = expectStatus(
      await api.rest<Record<string, unknown>>("GET", "/analytics/cost-summary"),
      200,
    );
    expect(summary.total_tokens).toBe(2 * INT_MAX + 6);
    for (const path of [
      "/analytics/top-runs",
      "/analytics/cost-by-model",
      "/analytics/cost-by-day",
    ]) {
      expectStatus(await api.rest("GET", path), 200);
    }
  });
});
