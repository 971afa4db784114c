import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun } from "../src/index.js";
import { cli } from "./support/run-cli.js";
import { ADMIN_KEY, startTestApi, type TestApi } from "./support/test-api.js";

describe.each(testEngines())("columnline-runs steps with timing on %s", (engine) => {
  let api: TestApi;
  let env: Record<string, string>;
  beforeAll(async () => {
    api = await startTestApi(engine);
    env = { COLUMNLINE_API_URL: api.url, COLUMNLINE_API_KEY: ADMIN_KEY };
  });
  afterAll(async () => {
    await api?.close();
  });

  it("steps add records --started-at, --completed-at and --metadata; steps list shows the duration", async () => {
    const run = await createRun(api.admin, {
      clientId: await api.newClientId(),
      status: "running",
    });
    const args = [
      "steps",
      "add",
      run.run_id,
      "--name",
      "research",
      "--model",
      "gpt-4o",
      "--input-tokens",
      "1000",
      "--output-tokens",
      "500",
      "--started-at",
      "2026-01-15T18:12:38.250Z",
      "--completed-at",
      "2026-01-15T18:12:40Z",
      "--metadata",
      '{"prompt_version":"v3"}',
    ];
    const added = await cli(args, env);
    const json = await cli([...args, "--json"], env);
    const listed = await cli(["steps", "list", run.run_id], env);

    expect(added).toMatchObject({ code: 0, stderr: "" });
    expect(added.stdout).toMatch(/started_at\s+2026-01-15T18:12:38.250Z/);
    expect(added.stdout).toMatch(/duration\s+1750 ms/);
    expect(added.stdout).toMatch(/metadata\s+\{"prompt_version":"v3"\}/);
    expect(JSON.parse(json.stdout)).toMatchObject({
      duplicate: true,
      step: { duration_ms: 1750, completed_at: "2026-01-15T18:12:40.000Z" },
    });
    expect(listed.stdout).toMatch(/DURATION/);
    expect(listed.stdout).toMatch(/1750 ms/);
  });

  it("says which option is wrong: --duration-ms not a number, --metadata not an object, end before start", async () => {
    const run = await createRun(api.admin, {
      clientId: await api.newClientId(),
      status: "running",
    });
    const base = [
      "steps",
      "add",
      run.run_id,
      "--name",
      "x",
      "--input-tokens",
      "1",
      "--output-tokens",
      "1",
    ];
    const duration = await cli([...base, "--duration-ms", "soon"], env);
    const metadata = await cli([...base, "--metadata", "[1]"], env);
    const order = await cli(
      [...base, "--started-at", "2026-01-15T18:12:40Z", "--completed-at", "2026-01-15T18:12:39Z"],
      env,
    );

    expect(duration.code).not.toBe(0);
    expect(duration.stderr).toMatch(/--duration-ms must be a whole number/);
    expect(metadata.stderr).toMatch(/--metadata must be a JSON object/);
    expect(order.code).not.toBe(0);
    expect(order.stderr).toMatch(/completed_at .* must not be before started_at/);
  });
});
