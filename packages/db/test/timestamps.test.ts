/**
 * Timestamps read back as stored, whatever the year: drizzle's timestamp column and
 * `new Date(text)` read PostgreSQL's "0050-01-01 00:00:00+00" as 1950 and
 * "0028-02-29 04:07:22.1+00" as an Invalid Date (a 500 on every later read of the row).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPriceOverrides, putPriceOverride, spendPeriods } from "../src/index";
import { parsePgTimestamp, pgTimestampLiteral } from "../src/internal/pg-timestamp";
import { readDate } from "../src/internal/rows";
import { localDayRanges } from "../src/repo/analytics/range-spans";
import { openTestDb, type TestDb, testEngines } from "../src/testing";
import { rows, uniqueToken } from "./helpers";

const instants = [
  "0001-01-01T00:00:00.000Z",
  "0028-02-29T04:07:22.100Z",
  "0050-01-01T00:00:00.000Z",
  "0099-12-31T23:59:59.999Z",
  "0100-03-01T12:00:00.000Z",
  "1582-10-15T00:00:00.000Z",
  "2026-01-15T18:12:06.250Z",
  "9999-12-31T23:59:59.999Z",
];

describe("parsePgTimestamp", () => {
  it("reads PostgreSQL's text form with every offset shape, and ISO strings", () => {
    const cases: [string, string][] = [
      ["0028-02-29 04:07:22.1+00", "0028-02-29T04:07:22.100Z"],
      ["0050-01-01 00:00:00+00", "0050-01-01T00:00:00.000Z"],
      ["2026-01-15 18:12:06.123456+00", "2026-01-15T18:12:06.123Z"],
      ["2026-01-15 23:42:06+05:30", "2026-01-15T18:12:06.000Z"],
      ["2026-01-15 15:12:06-03", "2026-01-15T18:12:06.000Z"],
      ["1850-01-01 00:09:21+00:09:21", "1850-01-01T00:00:00.000Z"],
      ["0028-02-29T04:07:22.100Z", "0028-02-29T04:07:22.100Z"],
    ];
    for (const [text, iso] of cases) expect(parsePgTimestamp(text)?.toISOString(), text).toBe(iso);
    expect(parsePgTimestamp("0001-12-31 23:00:00+00 BC")?.getUTCFullYear()).toBe(0);
    for (const bad of ["", "infinity", "2026-01-15", "yesterday"]) {
      expect(parsePgTimestamp(bad), bad).toBeNull();
    }
    expect(() => readDate("infinity")).toThrow(/expected a timestamp/);
  });

  it("pgTimestampLiteral writes years before 1 as PostgreSQL's BC, which parses back", () => {
    for (const text of ["0001-02-29 12:00:00.000+00 BC", "0002-01-01 00:00:00.000+00 BC"]) {
      const at = parsePgTimestamp(text);
      expect(at && pgTimestampLiteral(at)).toBe(text);
    }
    expect(pgTimestampLiteral(new Date("0028-02-29T04:07:22.100Z"))).toBe(
      "0028-02-29T04:07:22.100Z",
    );
  });
});

describe.each(testEngines())("timestamps of any year 0001-9999 (%s)", (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(engine);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("a timestamptz column (price overrides' effective_from) reads back what was stored", async () => {
    const model = `model-${uniqueToken().toLowerCase()}`;
    for (const iso of instants) {
      const stored = await putPriceOverride(db, {
        model,
        effectiveFrom: new Date(iso),
        inputMtok: "1",
        outputMtok: "2",
      });
      expect(stored.effectiveFrom.toISOString()).toBe(iso);
    }
    const listed = await listPriceOverrides(db, { model });
    expect(listed.map((row) => row.effectiveFrom.toISOString())).toEqual(instants);
  });

  it("raw SQL timestamps (readDate) read back what was stored, years BC too", async () => {
    for (const iso of instants) {
      const [row] = await rows(db, sql`SELECT ${iso}::timestamptz AS at`);
      expect(readDate(row?.at).toISOString(), iso).toBe(iso);
    }
    const [bc] = await rows(
      db,
      sql`SELECT '0001-01-01T00:00:00Z'::timestamptz - interval '1 day' AS at`,
    );
    const before = readDate(bc?.at);
    expect(before.toISOString()).toBe("0000-12-31T00:00:00.000Z");
    const [back] = await rows(
      db,
      sql`SELECT ${pgTimestampLiteral(before)}::timestamptz = ${"0001-12-31 00:00:00+00 BC"}::timestamptz AS same`,
    );
    expect(back?.same).toBe(true);
  });

  it("per-day analytics label 1 BC's last day as ISO does (0000-12-31)", async () => {
    const from = new Date("0001-01-01T00:00:00Z");
    const days = await rows(db, localDayRanges(from, new Date("0001-01-03"), "America/New_York"));
    const labels = days.map((day) => day.label);
    expect(labels).toEqual(["0000-12-31", "0001-01-01", "0001-01-02"]);
    expect(readDate(days[0]?.lo).toISOString()).toBe(from.toISOString());
  });

  it("spend periods of a day in early year 1 begin in 1 BC (no error)", async () => {
    const periods = await spendPeriods(db, { at: new Date("0001-01-10T12:00:00Z") });
    const last30 = periods.find((period) => period.period === "last_30_days");
    expect(last30?.from.toISOString()).toBe("0000-12-12T00:00:00.000Z");
    expect(last30?.previous.from.toISOString()).toBe("0000-11-12T00:00:00.000Z");
    expect(last30?.stepCount).toBe(0);
  });
});
