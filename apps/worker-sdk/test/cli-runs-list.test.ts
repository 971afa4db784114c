import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun, recordStep } from "../src/index.js";
import { cli } from "./support/run-cli.js";
import { ADMIN_KEY, startTestApi, type TestApi } from "./support/test-api.js";

describe.each(testEngines())("columnline-runs runs list for the runs page on %s", (engine) => {
  let api: TestApi;
  let env: Record<string, string>;
  beforeAll(async () => {
    api = await startTestApi(engine);
    env = { COLUMNLINE_API_URL: api.url, COLUMNLINE_API_KEY: ADMIN_KEY };
  });
  afterAll(async () => {
    await api?.close();
  });

  it("sorts by cost, filters on it, searches IDs, and its next-page line repeats the listing", async () => {
    const clientId = await api.newClientId();
    const runIds: string[] = [];
    for (const [index, steps] of [2, 0, 1].entries()) {
      const run = await createRun(api.admin, {
        clientId,
        runId: `RUN_20300809_10000${index}`,
        status: "running",
      });
      for (let step = 0; step < steps; step++) {
        await recordStep(api.admin, run.run_id, {
          stepId: `s${step}`,
          model: "gpt-4o",
          usage: { input_tokens: 1000, output_tokens: 500 },
        });
      }
      runIds.push(run.run_id);
    }
    const [costly, free, cheap] = runIds;

    const first = await cli(
      ["runs", "list", "--client", clientId, "--sort", "total_cost", "--limit", "2"],
      env,
    );
    const next = /More: columnline-runs runs list (.*) --cursor (\S+)/.exec(first.stdout);
    const rest = await cli(
      ["runs", "list", ...(next?.[1]?.split(" ") ?? []), "--cursor", next?.[2] ?? ""],
      env,
    );
    const bounded = await cli(
      [
        "runs",
        "list",
        "--search",
        "run_20300809",
        "--min-cost",
        "0.001",
        "--max-cost",
        "0.01",
        "--json",
      ],
      env,
    );
    const wrongSort = await cli(["runs", "list", "--sort", "cost"], env);

    expect(first.code).toBe(0);
    expect(first.stdout.indexOf(costly ?? "?")).toBeLessThan(first.stdout.indexOf(cheap ?? "?"));
    expect(first.stdout).not.toContain(free);
    expect(next?.[1]).toBe(`--client ${clientId} --sort total_cost --limit 2`);
    expect(rest.stdout).toContain(free);
    expect(rest.stdout).not.toContain(costly);
    expect(JSON.parse(bounded.stdout).items.map((run: { run_id: string }) => run.run_id)).toEqual([
      cheap,
    ]);
    expect(wrongSort.code).toBe(2);
    expect(wrongSort.stderr).toMatch(/--sort/);
  });
});
