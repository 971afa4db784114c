import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deletePriceOverride,
  listPriceOverrides,
  loadOverridesFor,
  putPriceOverride,
} from "../src/index";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { expectDomainError, seedClient, uniqueToken } from "./helpers";

describe.each(testEngines())("price overrides repository (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  const freshModel = () => `model-${uniqueToken().toLowerCase()}`;
  const jan = new Date("2026-01-01T00:00:00Z");
  const feb = new Date("2026-02-01T00:00:00Z");

  it("stores an override and replaces it for the same model, client and instant", async () => {
    const model = freshModel();
    const first = await putPriceOverride(db, {
      model,
      provider: "openai",
      effectiveFrom: jan,
      inputMtok: "2.50",
      outputMtok: "10",
    });
    expect(first).toMatchObject({
      model,
      provider: "openai",
      clientId: null,
      inputMtok: "2.50",
      outputMtok: "10",
      cacheReadMtok: null,
      cacheWriteMtok: null,
    });
    expect(first.effectiveFrom.toISOString()).toBe(jan.toISOString());
    // Global rows (client_id NULL) collide too: NULLS NOT DISTINCT.
    const replaced = await putPriceOverride(db, {
      model,
      effectiveFrom: jan,
      inputMtok: "3",
      outputMtok: "12",
      cacheReadMtok: "0.3",
    });
    expect(replaced.id).toBe(first.id);
    expect(replaced).toMatchObject({
      inputMtok: "3",
      outputMtok: "12",
      cacheReadMtok: "0.3",
      provider: null,
    });
    const later = await putPriceOverride(db, {
      model,
      effectiveFrom: feb,
      inputMtok: "4",
      outputMtok: "16",
    });
    expect(later.id).not.toBe(first.id);
    expect((await listPriceOverrides(db, { model })).map((row) => row.inputMtok)).toEqual([
      "3",
      "4",
    ]);
  });

  it("lists by model and client (null = global only) and loads what may apply", async () => {
    const model = freshModel();
    const client = await seedClient(db);
    const other = await seedClient(db);
    await putPriceOverride(db, { model, effectiveFrom: jan, inputMtok: "1", outputMtok: "1" });
    await putPriceOverride(db, {
      model,
      clientId: client.clientId,
      effectiveFrom: jan,
      inputMtok: "2",
      outputMtok: "2",
    });
    await putPriceOverride(db, {
      model,
      clientId: other.clientId,
      effectiveFrom: jan,
      inputMtok: "3",
      outputMtok: "3",
    });
    await putPriceOverride(db, {
      model: `openai/${model}`,
      effectiveFrom: feb,
      inputMtok: "4",
      outputMtok: "4",
    });
    await putPriceOverride(db, {
      model: `${model}-other`,
      effectiveFrom: jan,
      inputMtok: "9",
      outputMtok: "9",
    });

    expect((await listPriceOverrides(db, { model })).map((row) => row.inputMtok)).toEqual([
      "1",
      "2",
      "3",
    ]);
    expect(
      (await listPriceOverrides(db, { clientId: client.clientId })).map((row) => row.inputMtok),
    ).toEqual(["2"]);
    const globals = await listPriceOverrides(db, { clientId: null });
    expect(globals.every((row) => row.clientId === null)).toBe(true);

    const applicable = await loadOverridesFor(db, model.toUpperCase(), client.clientId);
    expect(applicable.map((row) => row.inputMtok).sort()).toEqual(["1", "2", "4"]);
    const prefixed = await loadOverridesFor(db, `openai/${model}`, null);
    expect(prefixed.map((row) => row.inputMtok).sort()).toEqual(["1", "4"]);
  });

  it("deletes by id, NOT_FOUND afterwards or for a malformed id", async () => {
    const stored = await putPriceOverride(db, {
      model: freshModel(),
      effectiveFrom: jan,
      inputMtok: "1",
      outputMtok: "1",
    });
    expect((await deletePriceOverride(db, stored.id)).id).toBe(stored.id);
    await expectDomainError(deletePriceOverride(db, stored.id), "NOT_FOUND");
    await expectDomainError(deletePriceOverride(db, "not-a-uuid"), "NOT_FOUND");
  });

  it("validates prices and dates, and answers NOT_FOUND for an unknown client", async () => {
    const base = { model: freshModel(), effectiveFrom: jan, inputMtok: "1", outputMtok: "1" };
    await expectDomainError(putPriceOverride(db, { ...base, inputMtok: "-1" }), "VALIDATION");
    await expectDomainError(putPriceOverride(db, { ...base, outputMtok: "1e3" }), "VALIDATION");
    await expectDomainError(putPriceOverride(db, { ...base, cacheWriteMtok: "x" }), "VALIDATION");
    await expectDomainError(
      putPriceOverride(db, { ...base, effectiveFrom: new Date("nope") }),
      "VALIDATION",
    );
    await expectDomainError(putPriceOverride(db, { ...base, model: "" }), "VALIDATION");
    await expectDomainError(
      putPriceOverride(db, { ...base, clientId: "CLT_NOBODY_1" }),
      "NOT_FOUND",
      /client CLT_NOBODY_1/,
    );
  });
});
