/** Budgets over REST and tRPC: settings, spend, BUDGET_EXCEEDED and what it never refuses. */
import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BudgetJson } from "../src/contract/budget";
import {
  createClient,
  expectError,
  expectStatus,
  issuePaths,
  recordStep,
  runningRun,
} from "./fixtures";
import { freshRunId, startTestApi, type TestApi, TRPCClientError } from "./harness";

// Mid-month in Kathmandu (+05:45): the period is 2031-04-30T18:15Z .. 2031-05-31T18:15Z.
const NOW = new Date("2031-05-14T12:00:00Z");
const monthly = {
  period: "month",
  time_zone: "Asia/Kathmandu",
  limit_usd: "0.05",
  action: "block_new_runs",
};

describe.each(testEngines())("budgets (%s)", (engine) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(engine);
    api.setNow(NOW);
  });
  afterAll(async () => {
    await api?.close();
  });

  const put = (clientId: string, body: Record<string, unknown>) =>
    api.rest<BudgetJson>("PUT", `/clients/${clientId}/budget`, body);
  const spend = (runId: string, stepId: string, cost: string | null) =>
    recordStep(api, runId, {
      step_id: stepId,
      model: cost === null ? "house-model-unpriced" : "gpt-4o",
      usage: { input_tokens: 10, output_tokens: 5 },
      ...(cost === null ? {} : { cost_usd: cost }),
    });

  it("sets (201, then 200 keeping the id), reads with spend and forecast, removes", async () => {
    const clientId = await createClient(api);
    const created = expectStatus(await put(clientId, monthly), 201);
    expect(created).toMatchObject({
      client_id: clientId,
      period: "month",
      time_zone: "Asia/Kathmandu",
      limit_usd: "0.05",
      thresholds: [0.8, 1],
      period_start: "2031-04-30T18:15:00.000Z",
      period_end: "2031-05-31T18:15:00.000Z",
      spent: "0.0000",
      remaining: "0.05",
      exceeded: false,
    });
    const replaced = expectStatus(await put(clientId, { ...monthly, thresholds: [0.5, 1] }), 200);
    expect(replaced.budget_id).toBe(created.budget_id);
    const run = await runningRun(api, clientId);
    await spend(run.run_id, "a", "0.0100000001");
    await spend(run.run_id, "b", "0.02");
    await spend(run.run_id, "c", null);
    const read = expectStatus(
      await api.rest<BudgetJson>("GET", `/clients/${clientId}/budget`),
      200,
    );
    expect(read).toMatchObject({
      spent: "0.0300",
      spent_exact: "0.0300000001",
      remaining: "0.0199999999",
      used_fraction: "0.6000",
      step_count: 3,
      unpriced_steps: 1,
      thresholds_crossed: [0.5],
      exceeded: false,
      blocking: false,
    });
    // Linear: 0.0300000001 × 31 d / 13 d 17 h 45 min elapsed (from 18:15Z on 30 April).
    expect(read.forecast).toBe("0.0677");
    expectStatus(await api.rest("DELETE", `/clients/${clientId}/budget`), 200);
    expectError(await api.rest("GET", `/clients/${clientId}/budget`), 404, "NOT_FOUND");
  });

  it("a bad zone, limit or threshold is a 400 naming the field; an unknown client a 404", async () => {
    const clientId = await createClient(api);
    const bad: [Record<string, unknown>, string][] = [
      [{ time_zone: "Mars/Olympus" }, "time_zone"],
      [{ time_zone: "UTC+3" }, "time_zone"],
      [{ limit_usd: "0" }, "limit_usd"],
      [{ limit_usd: "1e3" }, "limit_usd"],
      [{ limit_usd: 5 }, "limit_usd"],
      [{ thresholds: [0.8, 0.8] }, "thresholds"],
      [{ thresholds: [-0.5] }, "thresholds"],
      [{ period: "year" }, "period"],
      [{ action: "panic" }, "action"],
    ];
    for (const [change, path] of bad) {
      const body = expectError(await put(clientId, { ...monthly, ...change }), 400, "VALIDATION");
      expect(issuePaths(body), JSON.stringify(change)).toContain(path);
    }
    expectError(await put("CLT_NOBODY_HERE", monthly), 404, "NOT_FOUND");
    expectError(await api.rest("GET", `/clients/${clientId}/budget`), 404, "NOT_FOUND");
  });

  it("at the limit new runs are refused (402 BUDGET_EXCEEDED, REST and tRPC); the running run still records steps; removal unblocks", async () => {
    const clientId = await createClient(api);
    expectStatus(await put(clientId, monthly), 201);
    const run = await runningRun(api, clientId);
    await spend(run.run_id, "a", "0.05"); // exactly the limit
    const refused = await api.rest<{ code: string; message: string; budget: BudgetJson }>(
      "POST",
      "/runs",
      { client_id: clientId, run_id: freshRunId() },
    );
    expect(refused.status).toBe(402);
    expect(refused.body.code).toBe("BUDGET_EXCEEDED");
    expect(refused.body.message).toContain(refused.body.budget.budget_id);
    expect(refused.body.message).toContain("$0.05 of its $0.05 limit");
    expect(refused.body.message).toContain("resets at 2031-05-31T18:15:00.000Z");
    expect(refused.body.budget).toMatchObject({ blocking: true, exceeded: true, remaining: "0" });
    // tRPC answers the same code, with the budget in data.
    const trpcError = await api
      .trpc()
      .runs.create.mutate({ client_id: clientId })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(trpcError).toBeInstanceOf(TRPCClientError);
    const data = (trpcError as TRPCClientError<never>).data as unknown as Record<string, unknown>;
    expect(data).toMatchObject({ httpStatus: 402, domainCode: "BUDGET_EXCEEDED" });
    expect((data.budget as BudgetJson).budget_id).toBe(refused.body.budget.budget_id);
    // A cost already incurred is never refused: the running run records more steps.
    const after = await spend(run.run_id, "b", "0.01");
    expect(after.run.total_cost).toBe("0.0600");
    // Replaying the run that exists is not a new run: 200 with the stored run.
    const replay = await api.rest("POST", "/runs", {
      client_id: clientId,
      run_id: run.run_id,
      status: "running",
    });
    expect(replay.status).toBe(200);
    // Removing the budget unblocks at once.
    expectStatus(await api.rest("DELETE", `/clients/${clientId}/budget`), 200);
    await runningRun(api, clientId);
  });

  it("notify_only never blocks; a global block_new_runs budget blocks every client", async () => {
    const clientId = await createClient(api);
    expectStatus(
      await put(clientId, { ...monthly, action: "notify_only", limit_usd: "0.0001" }),
      201,
    );
    const run = await runningRun(api, clientId);
    await spend(run.run_id, "a", "0.01");
    await runningRun(api, clientId);
    const global = expectStatus(
      await api.rest<BudgetJson>("PUT", "/budget", {
        period: "day",
        limit_usd: "0.01",
        action: "block_new_runs",
      }),
      201,
    );
    expect(global.client_id).toBeNull();
    const other = await createClient(api);
    const refused = await api.rest<{ code: string; message: string }>("POST", "/runs", {
      client_id: other,
    });
    expect(refused.status).toBe(402);
    expect(refused.body.message).toContain("global budget");
    expectStatus(await api.rest("GET", "/budget"), 200);
    expectStatus(await api.rest("DELETE", "/budget"), 200);
    expectError(await api.rest("GET", "/budget"), 404, "NOT_FOUND");
    await runningRun(api, other);
  });
});
