import { testEngines } from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordStep } from "../src/index.js";
import { cli } from "./support/run-cli.js";
import { ADMIN_KEY, startTestApi, type TestApi } from "./support/test-api.js";

describe.each(testEngines())("the columnline-runs binary against the API on %s", (engine) => {
  let api: TestApi;
  let env: Record<string, string>;
  beforeAll(async () => {
    api = await startTestApi(engine);
    env = { COLUMNLINE_API_URL: api.url, COLUMNLINE_API_KEY: ADMIN_KEY };
  });
  afterAll(async () => {
    await api?.close();
  });

  it("creates a manual run, reads it back, and sums its cost once it completes", async () => {
    const clientId = await api.newClientId();

    const created = await cli(
      [
        "runs",
        "create",
        "--client",
        clientId,
        "--seed-data",
        '{"lead_url":"https://acme.example"}',
        "--json",
      ],
      env,
    );
    const run = JSON.parse(created.stdout);
    const shown = await cli(["runs", "get", run.run_id], env);
    await api.admin.runs.start.mutate({ run_id: run.run_id });
    await recordStep(api.admin, run.run_id, {
      stepName: "research",
      model: "gpt-4o",
      usage: { input_tokens: 1000, output_tokens: 500 },
    });
    await api.admin.runs.complete.mutate({ run_id: run.run_id });
    const [summary, summaryJson] = await Promise.all([
      cli(["costs", "summary", "--client", clientId], env),
      cli(["costs", "summary", "--client", clientId, "--json"], env),
    ]);

    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(run).toMatchObject({
      client_id: clientId,
      status: "pending",
      triggered_by: "manual",
      seed_data: { lead_url: "https://acme.example" },
    });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`run_id\\s+${run.run_id}`));
    expect(shown.stdout).toMatch(/triggered_by\s+manual/);
    expect(summary.stdout).toMatch(/runs\s+1 \(completed\)/);
    expect(summary.stdout).toMatch(/total_cost\s+\$0\.0075/);
    expect(JSON.parse(summaryJson.stdout)).toMatchObject({
      run_count: 1,
      total_tokens: 1500,
      total_cost: "0.0075",
    });
  });

  it("prints the dashboard's analytics: series, periods, clients, runs by status, unpriced", async () => {
    const clientId = await api.newClientId();
    const { run } = await api.admin.runs.create.mutate({ client_id: clientId, status: "running" });
    const run_id = run.run_id;
    await recordStep(api.admin, run_id, {
      stepName: "research",
      model: "gpt-4o",
      usage: { input_tokens: 1000, output_tokens: 500 },
    });
    await recordStep(api.admin, run_id, {
      stepName: "classify",
      model: "acme-finetune-v2",
      usage: { input_tokens: 10, output_tokens: 5 },
    });
    await api.admin.runs.complete.mutate({ run_id });
    const day = 86_400_000;
    const from = new Date(Date.now() - day).toISOString();
    const to = new Date(Date.now() + day).toISOString();
    const range = ["--from", from, "--to", to];
    const [series, seriesJson, periods, clients, statuses, unpriced, missing, badZone] =
      await Promise.all([
        cli(["costs", "series", ...range, "--client", clientId, "--group-by", "step_name"], env),
        cli(["costs", "series", ...range, "--client", clientId, "--json"], env),
        cli(["costs", "periods", "--client", clientId, "--json"], env),
        cli(["costs", "clients", ...range, "--json"], env),
        cli(["runs", "by-status", ...range, "--client", clientId], env),
        cli(["costs", "unpriced", ...range, "--limit", "500", "--json"], env),
        cli(["costs", "series", "--to", to], env),
        cli(["costs", "series", ...range, "--zone", "Mars/Olympus"], env),
      ]);

    expect(series.stdout).toMatch(/^DAY\s+STEP_NAME\s+STEPS\s+TOKENS\s+COST\s+UNPRICED\n/);
    expect(series.stdout).toMatch(/research\s+1\s+1500\s+\$0\.0075\s+0/);
    const models = JSON.parse(seriesJson.stdout).map((row: { group: string }) => row.group);
    expect(models.sort()).toEqual(["acme-finetune-v2", "gpt-4o"]);
    expect(JSON.parse(periods.stdout)[0]).toMatchObject({
      period: "today",
      cost: "0.0075",
      step_count: 2,
    });
    expect(JSON.parse(clients.stdout)).toContainEqual(
      expect.objectContaining({
        client_id: clientId,
        cost: "0.0075",
        runs: 1,
        average_run_cost: "0.0075",
      }),
    );
    expect(statuses.stdout).toMatch(/failure_rate\s+0\.00%/);
    const steps = JSON.parse(unpriced.stdout).steps.filter(
      (step: { run_id: string }) => step.run_id === run_id,
    );
    expect(steps).toEqual([
      expect.objectContaining({ step_id: expect.any(String), model: "acme-finetune-v2" }),
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/costs series needs --from/);
    expect(badZone.code).not.toBe(0);
    expect(badZone.stderr).toMatch(/time_zone/);
  });

  it("lists clients a page at a time, printing how to get the next page", async () => {
    const clientIds = [await api.newClientId(), await api.newClientId()];

    const [all, firstPage] = await Promise.all([
      cli(["clients", "list", "--limit", "200", "--json"], env),
      cli(["clients", "list", "--limit", "1"], env),
    ]);

    expect(all.code).toBe(0);
    const listed = JSON.parse(all.stdout).items.map((row: { client_id: string }) => row.client_id);
    expect(listed).toEqual(expect.arrayContaining(clientIds));
    expect(firstPage.stdout).toMatch(/^CLIENT_ID\s+NAME\s+CREATED_AT\n/);
    const next = /More: columnline-runs clients list --cursor (\S+)/.exec(firstPage.stdout)?.[1];
    const secondPage = await cli(["clients", "list", "--limit", "1", "--cursor", next ?? ""], env);
    expect(secondPage.code).toBe(0);
    expect(secondPage.stdout.split("\n")[1]).not.toBe(firstPage.stdout.split("\n")[1]);
  });

  it("names the commands that work where it runs: pnpm cli in the repo, columnline-runs installed", async () => {
    const missingRun = ["runs", "get", "RUN_20200101_000000"];
    const [installed, inRepo] = await Promise.all([
      cli(missingRun, env),
      cli(missingRun, { ...env, npm_lifecycle_event: "cli" }),
    ]);

    expect(installed.code).toBe(1);
    expect(installed.stderr).toMatch(/\(columnline-runs runs list shows recent runs\)/);
    expect(inRepo.code).toBe(1);
    expect(inRepo.stderr).toMatch(/\(pnpm cli runs list shows recent runs\)/);
    const help = await cli(["--help"], { npm_lifecycle_event: "cli" });
    expect(help.stdout).toMatch(/Usage: pnpm cli <command>/);
  });

  it("answers a 409 about a run's status with the command that moves it on", async () => {
    const clientId = await api.newClientId();
    const created = await cli(["runs", "create", "--client", clientId, "--json"], env);
    const runId = JSON.parse(created.stdout).run_id as string;

    const [installed, inRepo] = await Promise.all([
      cli(["runs", "complete", runId], env),
      cli(["runs", "complete", runId], { ...env, npm_lifecycle_event: "cli" }),
    ]);
    await api.admin.runs.start.mutate({ run_id: runId });
    await api.admin.runs.complete.mutate({ run_id: runId });
    const finished = await cli(["runs", "start", runId], env);

    expect(installed.code).toBe(1);
    expect(installed.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(installed.stderr).toMatch(
      new RegExp(
        `allows: running, failed \\(HTTP 409\\): start it first: columnline-runs runs start ${runId}$`,
        "m",
      ),
    );
    expect(inRepo.stderr).toMatch(new RegExp(`start it first: pnpm cli runs start ${runId}$`, "m"));
    expect(finished.stderr).toMatch(
      /a completed run does not change; create a new one: columnline-runs runs create/,
    );
  });

  it("records a step's usage counts, each from its own option", async () => {
    const clientId = await api.newClientId();
    const created = await cli(
      ["runs", "create", "--client", clientId, "--status", "running", "--json"],
      env,
    );
    const run = JSON.parse(created.stdout);

    const added = await cli(
      [
        ...["steps", "add", run.run_id, "--name", "search", "--model", "sonar"],
        ...["--input-tokens", "1000", "--output-tokens", "500", "--requests", "3"],
        "--json",
      ],
      env,
    );

    expect(added.code, added.stderr).toBe(0);
    // 1500 tokens at 1 per Mtok, 3 requests at 12 per thousand
    expect(JSON.parse(added.stdout).step).toMatchObject({
      usage: { input_tokens: 1000, output_tokens: 500, requests: 3 },
      cost: "0.0375",
    });
  });

  it("creates a running run when asked", async () => {
    const clientId = await api.newClientId();

    const created = await cli(
      ["runs", "create", "--client", clientId, "--status", "running", "--json"],
      env,
    );

    expect(JSON.parse(created.stdout)).toMatchObject({ status: "running", triggered_by: "manual" });
  });

  it("exits 1 on a 401 with one line that names COLUMNLINE_API_KEY", async () => {
    const result = await cli(["runs", "list"], {
      ...env,
      COLUMNLINE_API_KEY: "clr_revoked_or_wrong",
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: .*401.*set COLUMNLINE_API_KEY/);
  });

  it("exits 1 with a pointer to COLUMNLINE_API_URL when nothing answers", async () => {
    const result = await cli(["runs", "list"], {
      ...env,
      COLUMNLINE_API_URL: "http://127.0.0.1:9",
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: cannot reach the API at http:\/\/127\.0\.0\.1:9 .*COLUMNLINE_API_URL/,
    );
  });

  it("exits 2 on a usage mistake, before calling the API", async () => {
    const [missing, unknown, noKey] = await Promise.all([
      cli(["runs", "create"], env),
      cli(["runs", "launch"], env),
      cli(["runs", "list"], { COLUMNLINE_API_URL: api.url }),
    ]);

    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/needs --client/) });
    expect(unknown).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown command "runs launch"/),
    });
    expect(noKey).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/set COLUMNLINE_API_KEY/),
    });
  });
});
