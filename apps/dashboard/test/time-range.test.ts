import { describe, expect, it } from "vitest";
import { percentChange, resolveRange } from "../src/lib/time-range";
import { addDays, daysBetween, startOfZonedDay, zonedDay } from "../src/lib/time-zone";

describe("day boundaries in a time zone", () => {
  it("starts a UTC day at midnight UTC", () => {
    expect(startOfZonedDay("2026-03-10", "UTC").toISOString()).toBe("2026-03-10T00:00:00.000Z");
  });

  it("starts a Paris day at 23:00 or 22:00 UTC the day before, by season", () => {
    expect(startOfZonedDay("2026-01-15", "Europe/Paris").toISOString()).toBe(
      "2026-01-14T23:00:00.000Z",
    );
    expect(startOfZonedDay("2026-07-15", "Europe/Paris").toISOString()).toBe(
      "2026-07-14T22:00:00.000Z",
    );
  });

  it("handles the days clocks change (23 and 25 hours long)", () => {
    const springStart = startOfZonedDay("2026-03-08", "America/New_York");
    const springNext = startOfZonedDay("2026-03-09", "America/New_York");
    expect(springStart.toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect((springNext.getTime() - springStart.getTime()) / 3_600_000).toBe(23);
    const autumnStart = startOfZonedDay("2026-11-01", "America/New_York");
    const autumnNext = startOfZonedDay("2026-11-02", "America/New_York");
    expect((autumnNext.getTime() - autumnStart.getTime()) / 3_600_000).toBe(25);
  });

  it("starts a day whose midnight DST skips at the first instant of that date (01:00 local)", () => {
    // Santiago and Havana move their clocks at midnight: 00:00-00:59 never happen that day.
    for (const [day, zone, start] of [
      ["2026-09-06", "America/Santiago", "2026-09-06T04:00:00.000Z"],
      ["2026-03-08", "America/Havana", "2026-03-08T05:00:00.000Z"],
    ] as const) {
      const first = startOfZonedDay(day, zone);
      expect(first.toISOString(), zone).toBe(start);
      expect(zonedDay(first, zone)).toBe(day);
      expect(zonedDay(new Date(first.getTime() - 1), zone)).toBe(addDays(day, -1));
    }
  });

  it("names the zone's calendar day of an instant", () => {
    const at = new Date("2026-01-15T23:30:00Z");
    expect(zonedDay(at, "UTC")).toBe("2026-01-15");
    expect(zonedDay(at, "Asia/Tokyo")).toBe("2026-01-16");
    expect(zonedDay(at, "America/Los_Angeles")).toBe("2026-01-15");
  });

  it("counts calendar days across months and leap years", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysBetween("2026-01-30", "2026-02-02")).toEqual([
      "2026-01-30",
      "2026-01-31",
      "2026-02-01",
      "2026-02-02",
    ]);
  });
});

describe("range presets", () => {
  const now = new Date("2026-01-15T10:00:00Z");

  it("covers whole days ending with today, in the zone", () => {
    const range = resolveRange("7d", "UTC", now);
    expect(range.from.toISOString()).toBe("2026-01-09T00:00:00.000Z");
    expect(range.to.toISOString()).toBe("2026-01-16T00:00:00.000Z");
    expect(range.days).toHaveLength(7);
    expect(range.days.at(-1)).toBe("2026-01-15");
  });

  it("moves with the zone: Tokyo is already on the 16th", () => {
    const range = resolveRange("today", "Asia/Tokyo", new Date("2026-01-15T20:00:00Z"));
    expect(range.days).toEqual(["2026-01-16"]);
    expect(range.from.toISOString()).toBe("2026-01-15T15:00:00.000Z");
  });

  it("starts month to date on the 1st", () => {
    const range = resolveRange("mtd", "UTC", now);
    expect(range.days[0]).toBe("2026-01-01");
    expect(range.days).toHaveLength(15);
    expect(resolveRange("30d", "UTC", now).days).toHaveLength(30);
  });

  it("starts all time on the ledger's first day, today without runs, at most 732 days back", () => {
    const all = resolveRange("all", "Europe/Paris", now, "2025-11-03");
    expect(all.from.toISOString()).toBe("2025-11-02T23:00:00.000Z");
    expect(all.to.toISOString()).toBe("2026-01-15T23:00:00.000Z");
    expect(all.days).toHaveLength(74);
    expect(all.clipped).toBe(false);
    expect(resolveRange("all", "UTC", now, null).days).toEqual(["2026-01-15"]);
    const long = resolveRange("all", "UTC", now, "2020-01-01");
    expect(long.days).toHaveLength(732);
    expect(long.days[0]).toBe("2024-01-15"); // 731 days before, 2024 being a leap year
    expect(long.clipped).toBe(true);
    expect(resolveRange("7d", "UTC", now, "2020-01-01").days).toHaveLength(7);
  });
});

describe("percentChange", () => {
  it("compares against the previous period", () => {
    expect(percentChange("1.5", "1")).toBe(50);
    expect(percentChange("0.5", "1")).toBe(-50);
  });

  it("has nothing to say when the previous period spent nothing", () => {
    expect(percentChange("3", "0")).toBeNull();
  });
});
