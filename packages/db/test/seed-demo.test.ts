import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseNotEmptyError, seedDemo } from "../src/demo/seed-demo";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { rows } from "./helpers";

const now = new Date("2026-11-30T15:00:00.000Z");
const packageDir = fileURLToPath(new URL("..", import.meta.url));

describe.each(testEngines())("pnpm seed:demo's data (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("fills an empty database with a month of priced, timed runs whose totals equal the ledger", async () => {
    const summary = await seedDemo(db, now);
    expect(summary).toMatchObject({ clients: 4, running: 1, budgets: 4 });
    expect(summary.runs).toBeGreaterThan(150);
    expect(summary.failed).toBeGreaterThan(3);
    const [shape] = await rows(
      db,
      sql`SELECT count(DISTINCT date_trunc('day', started_at)) AS days,
                 min(started_at) AS first, max(started_at) AS last,
                 count(*) FILTER (WHERE status = 'running' AND started_at < ${now.toISOString()}::timestamptz - interval '2 hours') AS stuck,
                 (SELECT count(*) FROM v2_runs r
                    LEFT JOIN (SELECT run_id, sum(tokens) AS tokens, sum(cost) AS cost
                                 FROM v2_run_steps GROUP BY run_id) s USING (run_id)
                   WHERE r.total_tokens <> coalesce(s.tokens, 0)
                      OR r.total_cost_exact <> coalesce(s.cost, 0)) AS inconsistent
            FROM v2_runs`,
    );
    expect(Number(shape?.days)).toBeGreaterThanOrEqual(30);
    expect(new Date(String(shape?.first)).getTime()).toBeGreaterThan(
      now.getTime() - 31 * 86_400_000,
    );
    expect(new Date(String(shape?.last)).getTime()).toBeLessThan(now.getTime());
    expect(Number(shape?.stuck)).toBe(1);
    expect(Number(shape?.inconsistent)).toBe(0);
    const steps = await rows(
      db,
      sql`SELECT model, cost_source, count(*) AS n,
                 count(*) FILTER (WHERE started_at IS NULL OR duration_ms IS NULL OR metadata IS NULL) AS untimed,
                 count(*) FILTER (WHERE recorded_at <> started_at + duration_ms * interval '1 millisecond') AS misdated
            FROM v2_run_steps GROUP BY model, cost_source ORDER BY model`,
    );
    const models = steps.map((row) => `${row.model}:${row.cost_source}`);
    expect(models).toEqual(
      expect.arrayContaining([
        "claude-sonnet-4-5:computed",
        "gpt-4o:computed",
        "gpt-4o-mini:computed",
        "o4-mini:computed",
        "sonar:computed",
      ]),
    );
    // Only the house model is unpriced.
    expect(models.filter((model) => !model.endsWith(":computed"))).toEqual([
      "acme-rerank-v2:unpriced",
    ]);
    expect(steps.every((row) => Number(row.untimed) === 0 && Number(row.misdated) === 0)).toBe(
      true,
    );
    expect(steps.reduce((sum, row) => sum + Number(row.n), 0)).toBe(summary.steps);
  });

  it("refuses a database that is not empty, writing nothing", async () => {
    const before = await rows(db, sql`SELECT count(*) AS n FROM v2_runs`);
    await expect(seedDemo(db, now)).rejects.toBeInstanceOf(DatabaseNotEmptyError);
    await expect(seedDemo(db, now)).rejects.toThrow(
      /already holds 4 clients and \d+ runs; seed:demo fills an empty one only/,
    );
    expect(await rows(db, sql`SELECT count(*) AS n FROM v2_runs`)).toEqual(before);
  });
});

describe("the seed-demo command", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cl-seed-demo-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const run = () =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env = { PATH: process.env.PATH ?? "", DATA_DIR: dataDir };
      execFile(
        "npx",
        ["tsx", "src/cli/seed-demo.ts"],
        { cwd: packageDir, env, timeout: 120_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  it("seeds the embedded database in DATA_DIR once, then refuses in one line", async () => {
    const first = await run();
    expect(first.stdout).toMatch(
      /^seeded 4 clients, \d+ runs \(\d+ failed, 1 running\) and \d+ steps over the last 30 days: \$\d+\.\d{4} in all; 4 monthly budgets\n$/,
    );
    const again = await run();
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^columnline: the database already holds 4 clients/);
  }, 180_000);
});
