import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  clientIdSchema,
  dossierIdSchema,
  generateDossierId,
  parseDossierId,
  secureRandomInt,
} from "../src/index";

const day = new Date("2026-01-15T18:12:06Z");

describe("dossier_id", () => {
  it("formats the UTC day and the drawn number", () => {
    expect(generateDossierId(day, () => 4523)).toBe("DOSS_20260115_4523");
    expect(parseDossierId("DOSS_20260115_4523")).toEqual({
      day: new Date("2026-01-15T00:00:00Z"),
      number: 4523,
    });
  });

  it("refuses a random source that leaves 1000-9999", () => {
    expect(() => generateDossierId(day, () => 999)).toThrow(RangeError);
    expect(() => generateDossierId(day, () => 10_000)).toThrow(RangeError);
  });

  it("draws from the whole range by default, through a secure source", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const number = secureRandomInt(1000, 9999);
      expect(number).toBeGreaterThanOrEqual(1000);
      expect(number).toBeLessThanOrEqual(9999);
      seen.add(number);
    }
    // 20,000 uniform draws over 9,000 values miss about 9000·e^-2.2 ≈ 1,000 of them.
    expect(seen.size).toBeGreaterThan(7500);
    expect(dossierIdSchema.safeParse(generateDossierId(day)).success).toBe(true);
  });

  it.each([
    "DOSS_00000101_4523",
    "DOSS_20260115_0999",
    "DOSS_20261301_4523",
    "DOSS_20260115_45231",
    "DOSS_2026115_4523",
    "doss_20260115_4523",
  ])("rejects %j", (id) => {
    expect(parseDossierId(id)).toBeNull();
    expect(dossierIdSchema.safeParse(id).success).toBe(false);
  });

  test.prop([
    fc.date({ min: new Date("1970-01-01"), max: new Date("9999-12-31"), noInvalidDate: true }),
    fc.integer({ min: 1000, max: 9999 }),
  ])("round-trips and passes its schema", (at, number) => {
    const id = generateDossierId(at, () => number);
    expect(dossierIdSchema.safeParse(id).success).toBe(true);
    const parsed = parseDossierId(id);
    expect(parsed?.number).toBe(number);
    expect(parsed?.day.toISOString().slice(0, 10)).toBe(at.toISOString().slice(0, 10));
  });
});

describe("client_id", () => {
  it("accepts operator-chosen IDs", () => {
    expect(clientIdSchema.parse("CLT_ROGER_ACRES_001")).toBe("CLT_ROGER_ACRES_001");
    expect(clientIdSchema.safeParse("a.b-c_1").success).toBe(true);
    expect(clientIdSchema.safeParse("x".repeat(64)).success).toBe(true);
    expect(clientIdSchema.safeParse(".a").success).toBe(true);
    expect(clientIdSchema.safeParse("...").success).toBe(true);
    expect(clientIdSchema.safeParse(`..${"x".repeat(62)}`).success).toBe(true);
  });

  it.each([
    "",
    "x".repeat(65),
    "has space",
    "semi;colon",
    "naïve",
    "a/b",
    "'; drop table v2_runs; --",
    // Dot segments: a URL cannot carry them as /clients/{client_id}.
    ".",
    "..",
    `..${"x".repeat(63)}`,
  ])("rejects %j", (id) => {
    expect(clientIdSchema.safeParse(id).success).toBe(false);
  });
});
