import { createClient, createRun, recordStep } from "@columnline/db";
import { openTestDb, type TestDb, testEngines } from "@columnline/db/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApi, startApi } from "../src/start-api";
import { ADMIN_KEY } from "./harness";

const foldState = async (db: TestDb) => {
  const result = await db.db.execute(
    `SELECT f.steps_through::int AS through, (SELECT max(id)::int FROM v2_run_steps) AS max_id,
            (SELECT count(*)::int FROM v2_run_rollup_deltas) AS deltas
       FROM v2_analytics_fold AS f`,
  );
  // postgres.js answers an array of rows, PGlite an object with rows.
  const rows = (
    Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows
  ) as {
    through: number;
    max_id: number;
    deltas: number;
  }[];
  const [row] = rows;
  if (!row) throw new Error("no fold state");
  return row;
};

// The API folds new steps and run changes into the analytics rollups on its own (migration
// 0010): reads are exact without it, the fold keeps the part they read from the ledger short.
describe.each(testEngines())("the API's analytics fold (%s)", (engine) => {
  let db: TestDb;
  let api: RunningApi;

  beforeAll(async () => {
    db = await openTestDb(engine);
    api = await startApi({
      db,
      logger: pino({ level: "silent" }),
      port: 0,
      host: "127.0.0.1",
      adminApiKey: ADMIN_KEY,
      runTimeoutMs: 3_600_000,
      reaperIntervalMs: 3_600_000,
      analyticsFoldIntervalMs: 50,
    });
  });
  afterAll(async () => {
    await api?.stop();
    await db?.close();
  });

  it("folds recorded steps and run changes within a few intervals", async () => {
    const client = await createClient(db, { clientId: "CLT_FOLD_API", name: "Fold" });
    const { run } = await createRun(db, { clientId: client.clientId, status: "running" });
    for (let i = 0; i < 5; i++) {
      await recordStep(db, run.runId, {
        stepId: `fold-${i}`,
        model: "gpt-4o",
        usage: { input_tokens: 10, output_tokens: 1 },
      });
    }
    const deadline = Date.now() + 10_000;
    let state = await foldState(db);
    while ((state.through < state.max_id || state.deltas > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = await foldState(db);
    }
    expect(state.max_id).toBeGreaterThan(0);
    expect(state.through).toBeGreaterThanOrEqual(state.max_id);
    expect(state.deltas).toBe(0);
  });
});
