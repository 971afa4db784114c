import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BudgetExceededError, createRun, recordStep, withRun } from "../src/index.js";
import { startTestApi, type TestApi } from "./support/test-api.js";

describe.each(testEngines())("BudgetExceededError on %s", (engine) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(engine);
  });
  afterAll(async () => {
    await api?.close();
  });

  it("withRun refuses before its body once the client is at a block_new_runs limit; removal unblocks", async () => {
    const clientId = await api.newClientId();
    await api.admin.budgets.set.mutate({
      client_id: clientId,
      period: "month",
      time_zone: "Europe/Paris",
      limit_usd: "0.0075",
      action: "block_new_runs",
    });
    // gpt-4o at 1000/500 tokens costs exactly $0.0075: the limit.
    const open = await createRun(api.admin, { clientId, status: "running" });
    await recordStep(api.admin, open.run_id, {
      stepName: "research",
      model: "gpt-4o",
      usage: { input_tokens: 1000, output_tokens: 500 },
    });

    let bodyRan = false;
    const refused = await withRun(api.admin, { clientId }, async () => {
      bodyRan = true;
    }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(bodyRan).toBe(false);
    expect(refused).toBeInstanceOf(BudgetExceededError);
    const error = refused as BudgetExceededError;
    expect(error).toMatchObject({
      code: "BUDGET_EXCEEDED",
      status: 402,
      budgetClientId: clientId,
      limitUsd: "0.0075",
      spentUsd: "0.0075",
    });
    expect(error.resetsAt.getTime()).toBeGreaterThan(Date.now());
    expect(error.message).toContain(error.budgetId);
    expect(error.message).toContain(error.resetsAt.toISOString());
    await expect(createRun(api.admin, { clientId })).rejects.toBeInstanceOf(BudgetExceededError);

    // The run already open still records what it spends.
    const more = await recordStep(api.admin, open.run_id, {
      stepName: "write",
      model: "gpt-4o",
      usage: { input_tokens: 1000, output_tokens: 500 },
    });
    expect(more.run.total_cost).toBe("0.0150");

    await api.admin.budgets.remove.mutate({ client_id: clientId });
    const { run } = await withRun(api.admin, { clientId }, async () => "ok");
    expect(run.status).toBe("completed");
  });
});
