import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { type BudgetPeriod, periodBoundsAt } from "../src/budgets";
import { isIanaTimeZone } from "../src/time-zone";

const ZONES = [
  "UTC",
  "Europe/Paris",
  "America/New_York",
  "Asia/Kathmandu",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "America/Santiago",
  "Asia/Tehran",
  "Pacific/Kiritimati",
  "Pacific/Pago_Pago",
  "America/St_Johns",
];

const iso = (date: Date) => date.toISOString();
const bounds = (at: string, period: BudgetPeriod, zone: string) => {
  const { start, end } = periodBoundsAt(new Date(at), period, zone);
  return [iso(start), iso(end)];
};

/** The local date "YYYY-MM-DD" and weekday of an instant: an oracle independent of the code. */
const localDate = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(ms);
const localWeekday = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short" }).format(ms);

describe("periodBoundsAt at the edges", () => {
  it("a step at 23:59:59.999 local belongs to that day, the next millisecond to the next", () => {
    // Paris in January is UTC+1: 23:59:59.999 local is 22:59:59.999Z.
    expect(bounds("2026-01-15T22:59:59.999Z", "day", "Europe/Paris")).toEqual([
      "2026-01-14T23:00:00.000Z",
      "2026-01-15T23:00:00.000Z",
    ]);
    expect(bounds("2026-01-15T23:00:00.000Z", "day", "Europe/Paris")[0]).toBe(
      "2026-01-15T23:00:00.000Z",
    );
  });

  it("DST days are 23 and 25 hours long (Paris, New York)", () => {
    expect(bounds("2026-03-29T12:00:00Z", "day", "Europe/Paris")).toEqual([
      "2026-03-28T23:00:00.000Z",
      "2026-03-29T22:00:00.000Z",
    ]);
    expect(bounds("2026-10-25T12:00:00Z", "day", "Europe/Paris")).toEqual([
      "2026-10-24T22:00:00.000Z",
      "2026-10-25T23:00:00.000Z",
    ]);
    expect(bounds("2026-03-08T12:00:00Z", "day", "America/New_York")).toEqual([
      "2026-03-08T05:00:00.000Z",
      "2026-03-09T04:00:00.000Z",
    ]);
  });

  it("a +05:45 zone (Asia/Kathmandu): the day starts at 18:15Z the day before", () => {
    expect(bounds("2026-01-15T18:14:59.999Z", "day", "Asia/Kathmandu")).toEqual([
      "2026-01-14T18:15:00.000Z",
      "2026-01-15T18:15:00.000Z",
    ]);
    expect(bounds("2026-01-15T18:15:00.000Z", "day", "Asia/Kathmandu")[0]).toBe(
      "2026-01-15T18:15:00.000Z",
    );
  });

  it("weeks start on Monday; months on the 1st, across a DST change", () => {
    // Wednesday 2026-01-14 in UTC: Monday 12th to Monday 19th.
    expect(bounds("2026-01-14T10:00:00Z", "week", "UTC")).toEqual([
      "2026-01-12T00:00:00.000Z",
      "2026-01-19T00:00:00.000Z",
    ]);
    // Sunday 23:59:59.999 in New York still belongs to the week that began Monday.
    expect(bounds("2026-01-19T04:59:59.999Z", "week", "America/New_York")[0]).toBe(
      "2026-01-12T05:00:00.000Z",
    );
    // March 2026 in Paris: starts at UTC+1, ends at UTC+2.
    expect(bounds("2026-03-31T21:59:59.999Z", "month", "Europe/Paris")).toEqual([
      "2026-02-28T23:00:00.000Z",
      "2026-03-31T22:00:00.000Z",
    ]);
    expect(bounds("2024-02-29T12:00:00Z", "month", "UTC")).toEqual([
      "2024-02-01T00:00:00.000Z",
      "2024-03-01T00:00:00.000Z",
    ]);
  });

  it("a day whose midnight falls in a DST gap starts when the gap ends (Santiago)", () => {
    // Chile springs forward at 24:00 on 2026-09-05: 2026-09-06 starts at 01:00 local (04:00Z).
    const [start] = bounds("2026-09-06T12:00:00Z", "day", "America/Santiago");
    expect(localDate(Date.parse(start ?? ""), "America/Santiago")).toBe("2026-09-06");
    expect(localDate(Date.parse(start ?? "") - 1, "America/Santiago")).toBe("2026-09-05");
  });

  it("only IANA names are zones", () => {
    expect(isIanaTimeZone("Asia/Kathmandu")).toBe(true);
    expect(isIanaTimeZone("UTC")).toBe(true);
    for (const bad of ["Mars/Olympus", "UTC+3", "+05:45", "", "Europe/Paris; drop"]) {
      expect(isIanaTimeZone(bad)).toBe(false);
    }
  });
});

describe("periodBoundsAt properties", () => {
  const instant = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2045, 0, 1) });
  const zone = fc.constantFrom(...ZONES);
  const period = fc.constantFrom<BudgetPeriod>("day", "week", "month");

  test.prop([instant, zone, period])(
    "holds the instant; starts and ends where the local date turns",
    (ms, tz, kind) => {
      const { start, end } = periodBoundsAt(new Date(ms), kind, tz);
      expect(start.getTime()).toBeLessThanOrEqual(ms);
      expect(end.getTime()).toBeGreaterThan(ms);
      // The start is the first instant of its local date; the end the first of the next period.
      expect(localDate(start.getTime() - 1, tz) < localDate(start.getTime(), tz)).toBe(true);
      expect(localDate(end.getTime() - 1, tz) < localDate(end.getTime(), tz)).toBe(true);
      if (kind === "day") expect(localDate(start.getTime(), tz)).toBe(localDate(ms, tz));
      if (kind === "week") expect(localWeekday(start.getTime(), tz)).toBe("Mon");
      if (kind === "month") expect(localDate(start.getTime(), tz).endsWith("-01")).toBe(true);
      // The next period starts exactly where this one ends.
      expect(periodBoundsAt(end, kind, tz).start.getTime()).toBe(end.getTime());
    },
  );

  test.prop([instant, zone])("a day lasts 24 h, or 24 h less or more a DST shift", (ms, tz) => {
    const { start, end } = periodBoundsAt(new Date(ms), "day", tz);
    const hours = (end.getTime() - start.getTime()) / 3_600_000;
    expect(hours).toBeGreaterThanOrEqual(22);
    expect(hours).toBeLessThanOrEqual(26);
    expect((hours * 60) % 30).toBe(0);
  });
});
