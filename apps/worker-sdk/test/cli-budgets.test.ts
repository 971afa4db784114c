import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun, recordStep } from "../src/index.js";
import { cli } from "./support/run-cli.js";
import { ADMIN_KEY, startTestApi, type TestApi } from "./support/test-api.js";

describe.each(testEngines())("columnline-runs budgets on %s", (engine) => {
  let api: TestApi;
  let env: Record<string, string>;
  beforeAll(async () => {
    api = await startTestApi(engine);
    env = { COLUMNLINE_API_URL: api.url, COLUMNLINE_API_KEY: ADMIN_KEY };
  });
  afterAll(async () => {
    await api?.close();
  });

  it("budgets set, get and rm a client's budget; a blocked runs create says what to do", async () => {
    const clientId = await api.newClientId();
    const set = await cli(
      [
        "budgets",
        "set",
        "--client",
        clientId,
        "--period",
        "day",
        "--limit",
        "0.0075",
        "--action",
        "block_new_runs",
        "--time-zone",
        "Asia/Kathmandu",
        "--threshold",
        "0.5,1",
      ],
      env,
    );
    expect(set.stderr).toBe("");
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("Created:");
    expect(set.stdout).toContain(`client ${clientId}`);
    const run = await createRun(api.admin, { clientId, status: "running" });
    await recordStep(api.admin, run.run_id, {
      stepName: "research",
      model: "gpt-4o",
      usage: { input_tokens: 1000, output_tokens: 500 },
    });
    const got = await cli(["budgets", "get", "--client", clientId, "--json"], env);
    expect(JSON.parse(got.stdout)).toMatchObject({
      client_id: clientId,
      spent_exact: "0.0075",
      thresholds_crossed: [0.5, 1],
      blocking: true,
    });
    const blocked = await cli(["runs", "create", "--client", clientId], env);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain("Budget exceeded");
    expect(blocked.stderr).toContain("(HTTP 402)");
    expect(blocked.stderr).toContain("budgets rm");
    const removed = await cli(["budgets", "rm", "--client", clientId], env);
    expect(removed.code).toBe(0);
    expect((await cli(["runs", "create", "--client", clientId], env)).code).toBe(0);
  });

  it("the global budget with --global; a bad zone or a missing scope is explained", async () => {
    const set = await cli(
      [
        "budgets",
        "set",
        "--global",
        "--period",
        "month",
        "--limit",
        "500",
        "--action",
        "notify_only",
      ],
      env,
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("global");
    const bad = await cli(
      [
        "budgets",
        "set",
        "--global",
        "--period",
        "month",
        "--limit",
        "5",
        "--action",
        "notify_only",
        "--time-zone",
        "Mars/Olympus",
      ],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/IANA time zone.*HTTP 400/);
    const noScope = await cli(["budgets", "get"], env);
    expect(noScope.code).not.toBe(0);
    expect(noScope.stderr).toContain("--client <client_id> or --global");
    expect((await cli(["budgets", "rm", "--global"], env)).code).toBe(0);
  });
});
