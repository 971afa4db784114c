import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deletePriceOverride,
  endPriceOverride,
  listPriceOverrides,
  putPriceOverride,
  recordStep,
} from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { expectDomainError, rows, seedRun, sqlstateOf, uniqueToken } from "./helpers";

const usage = { input_tokens: 1_000_000, output_tokens: 1_000_000 };
const jan = new Date("2026-01-01T00:00:00Z");
const feb = new Date("2026-02-01T00:00:00Z");
const mar = new Date("2026-03-01T00:00:00Z");
const apr = new Date("2026-04-01T00:00:00Z");
const ms = (date: Date, delta: number) => new Date(date.getTime() + delta);

// Ending an override (migration 0011): in force for effective_from <= t < effective_until.
describe.each(testEngines())("ending a price override (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  const freshModel = () => `model-${uniqueToken().toLowerCase()}`;
  const put = (model: string, effectiveFrom: Date, inputMtok: string) =>
    putPriceOverride(db, { model, effectiveFrom, inputMtok, outputMtok: inputMtok });

  it("prices steps before the end with it, and at the end with the override before it", async () => {
    const model = freshModel();
    await put(model, jan, "1"); // $2 a step of usage
    const ended = await put(model, feb, "10"); // $20
    const stored = await endPriceOverride(db, { id: ended.id, until: mar, now: feb });
    expect(stored.effectiveUntil?.toISOString()).toBe(mar.toISOString());
    expect(stored.effectiveFrom.toISOString()).toBe(feb.toISOString());

    const run = await seedRun(db);
    const costAt = async (now: Date) =>
      (await recordStep(db, run.runId, { stepId: `s${now.getTime()}`, model, usage }, { now }))
        .step;
    expect((await costAt(ms(mar, -1))).cost).toBe("20.0000000000");
    const atEnd = await costAt(mar);
    expect(atEnd.cost).toBe("2.0000000000");
    expect(atEnd.priceDetails).toMatchObject({ source: "override" });
    expect((await costAt(apr)).cost).toBe("2.0000000000");
    // The row stays, with its end: the step priced before it is still explained.
    const listed = await listPriceOverrides(db, { model });
    expect(listed.map((row) => row.effectiveUntil?.toISOString() ?? null)).toEqual([
      null,
      mar.toISOString(),
    ]);
  });

  it("falls back to the catalog when no other override is in force", async () => {
    const ended = await put("gpt-4o", jan, "100");
    await endPriceOverride(db, { id: ended.id, until: feb, now: jan });
    const run = await seedRun(db);
    const step = await recordStep(
      db,
      run.runId,
      { stepId: "a", model: "gpt-4o", usage },
      { now: feb },
    );
    expect(step.step.priceDetails).toMatchObject({ source: "catalog" });
    expect(step.step.cost).toBe("12.5000000000"); // the catalog's 2.5 + 10
    await deletePriceOverride(db, ended.id);
  });

  it("moves an end not yet reached, and refuses one that has passed or precedes the start", async () => {
    const override = await put(freshModel(), feb, "1");
    const id = override.id;
    // Before now: steps already recorded would change price.
    await expectDomainError(
      endPriceOverride(db, { id, until: ms(mar, -1), now: mar }),
      "CONFLICT",
      /is before now .* steps already recorded/,
    );
    // Not after its start (now is before it: a scheduled override).
    await expectDomainError(
      endPriceOverride(db, { id, until: feb, now: jan }),
      "CONFLICT",
      /effective_until must be after it \(delete an override that should never apply\)/,
    );
    await endPriceOverride(db, { id, until: apr, now: jan });
    const moved = await endPriceOverride(db, { id, until: mar, now: feb });
    expect(moved.effectiveUntil?.toISOString()).toBe(mar.toISOString());
    await expectDomainError(
      endPriceOverride(db, { id, until: apr, now: mar }),
      "CONFLICT",
      /already ended at 2026-03-01T00:00:00.000Z/,
    );
    const [kept] = await listPriceOverrides(db, { model: override.model });
    expect(kept?.effectiveUntil?.toISOString()).toBe(mar.toISOString());
    // Deleting stays possible.
    expect((await deletePriceOverride(db, id)).effectiveUntil?.toISOString()).toBe(
      mar.toISOString(),
    );
    await expectDomainError(endPriceOverride(db, { id, until: apr, now: mar }), "NOT_FOUND");
    await expectDomainError(
      endPriceOverride(db, { id: "nope", until: apr, now: mar }),
      "NOT_FOUND",
    );
  });

  it("is refused by the table for an end not after the start", async () => {
    const override = await put(freshModel(), feb, "1");
    const state = await sqlstateOf(
      rows(
        db,
        sql`UPDATE v2_model_prices SET effective_until = effective_from WHERE id = ${override.id}`,
      ),
    );
    expect(state).toBe("23514");
  });
});
