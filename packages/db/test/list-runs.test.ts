import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ListRunsFilter, listRuns, type Run, recordStep } from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { expectDomainError, seedClient, seedRun } from "./helpers";

/** Every page of a listing, following next cursors. */
async function allPages(db: TestDb, filter: ListRunsFilter): Promise<Run[]> {
  const items: Run[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRuns(db, { ...filter, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describe.each(testEngines())("listRuns for the runs page (%s)", (engine) => {
  let db: TestDb;
  let clientId: string;
  let made: Run[];
  beforeAll(async () => {
    db = await openTestDb(engine);
    clientId = (await seedClient(db)).clientId;
    // Five runs on 2031-03-15 (no other run of this database has that day), costs with a tie.
    const costs = ["0.5", "0.1", "0.3", "0.1", null];
    made = [];
    for (const [index, cost] of costs.entries()) {
      const at = new Date(Date.UTC(2031, 2, 15, 10, 0, index));
      const run = await seedRun(db, { clientId }, at);
      if (cost !== null) {
        await recordStep(db, run.runId, {
          stepId: "s",
          usage: { input_tokens: 1, output_tokens: 1 },
          costUsd: cost,
        });
      }
      made.push(run);
    }
  });
  afterAll(async () => {
    await db?.close();
  });

  const ids = (runs: Run[]) => runs.map((run) => run.runId);
  const byIndex = (...indexes: number[]) => indexes.map((index) => made[index]?.runId);

  it("sorts by total_cost either way, ties by run_id, across pages", async () => {
    const desc = await allPages(db, { clientId, sort: "total_cost", limit: 2 });
    expect(ids(desc)).toEqual(byIndex(0, 2, 3, 1, 4));
    const asc = await allPages(db, { clientId, sort: "total_cost", order: "asc", limit: 2 });
    expect(ids(asc)).toEqual(byIndex(4, 1, 3, 2, 0));
    const oldest = await allPages(db, { clientId, order: "asc", limit: 3 });
    expect(ids(oldest)).toEqual(byIndex(0, 1, 2, 3, 4));
    expect(ids(await allPages(db, { clientId, limit: 3 }))).toEqual(byIndex(4, 3, 2, 1, 0));
  });

  it("filters on total_cost with inclusive decimal bounds", async () => {
    const some = await allPages(db, { clientId, minCost: "0.1", maxCost: "0.30" });
    expect(ids(some)).toEqual(byIndex(3, 2, 1));
    expect(ids(await allPages(db, { clientId, minCost: "0.31" }))).toEqual(byIndex(0));
    expect(ids(await allPages(db, { clientId, maxCost: "0" }))).toEqual(byIndex(4));
    await expectDomainError(listRuns(db, { minCost: "-1" }), "VALIDATION");
    await expectDomainError(listRuns(db, { maxCost: "1e3" }), "VALIDATION");
  });

  it("finds runs by run_id or dossier_id, exactly or by prefix, in any case", async () => {
    const [first] = made;
    if (!first?.dossierId) throw new Error("runs get a dossier_id");
    expect(ids(await allPages(db, { q: "RUN_20310315" }))).toEqual(byIndex(4, 3, 2, 1, 0));
    expect(ids(await allPages(db, { q: "run_20310315_10000" }))).toEqual(byIndex(4, 3, 2, 1, 0));
    expect(ids(await allPages(db, { q: "DOSS_20310315" }))).toHaveLength(5);
    expect(ids(await allPages(db, { q: first.runId }))).toEqual([first.runId]);
    expect(ids(await allPages(db, { q: first.dossierId }))).toEqual([first.runId]);
    // _ is matched as itself, not as LIKE's wildcard.
    expect(await allPages(db, { q: "RUN_20310315_1000_0" })).toEqual([]);
    for (const q of ["RUN_2031%", "", "RUN 2031", "x".repeat(65)]) {
      const error = await expectDomainError(listRuns(db, { q }), "VALIDATION");
      expect(error.issues?.[0]?.path).toBe("q");
    }
  });

  it("refuses a cursor from another sort or order, and takes one from before sorting", async () => {
    const byCost = await listRuns(db, { clientId, sort: "total_cost", limit: 1 });
    const cursor = byCost.nextCursor ?? "";
    const error = await expectDomainError(listRuns(db, { clientId, cursor }), "VALIDATION");
    expect(error.issues?.[0]?.message).toMatch(
      /was returned for sort=total_cost&order=desc, not sort=started_at&order=desc/,
    );
    await expectDomainError(
      listRuns(db, { clientId, sort: "total_cost", order: "asc", cursor }),
      "VALIDATION",
    );
    const newest = made[4];
    if (!newest) throw new Error("five runs");
    const legacy = Buffer.from(
      JSON.stringify([newest.startedAt.toISOString(), newest.runId]),
    ).toString("base64url");
    expect(ids((await listRuns(db, { clientId, cursor: legacy })).items)).toEqual(
      byIndex(3, 2, 1, 0),
    );
    const crafted = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const value of [
      ["total_cost", "desc", "1e9", newest.runId],
      ["total_cost", "desc", "10000000", newest.runId],
      ["cost", "desc", "1", newest.runId],
      ["total_cost", "up", "1", newest.runId],
    ]) {
      await expectDomainError(
        listRuns(db, { sort: "total_cost", cursor: crafted(value) }),
        "VALIDATION",
      );
    }
  });
});
