import { describe, expect, it } from "vitest";
import {
  durationBetween,
  formatDateTime,
  formatDayShort,
  formatDuration,
  formatTokens,
  formatUsd,
} from "../src/lib/format";

describe("formatting", () => {
  it("shows money through the domain's exact formatting", () => {
    expect(formatUsd("0.2000")).toBe("$0.2000");
    expect(formatUsd("1520.456")).toBe("$1,520.46");
  });

  it("shortens token counts", () => {
    expect(formatTokens(950)).toBe("950");
    expect(formatTokens(12_345)).toBe("12.3k");
    expect(formatTokens(4_560_000)).toBe("4.56M");
  });

  it("reads durations at the right scale", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_400)).toBe("12.4 s");
    expect(formatDuration(185_000)).toBe("3 min 05 s");
    expect(formatDuration(7_800_000)).toBe("2 h 10 min");
  });

  it("measures a run still going up to now", () => {
    const now = new Date("2026-01-15T10:00:10Z");
    expect(durationBetween("2026-01-15T10:00:00Z", null, now)).toBe(10_000);
    expect(durationBetween("2026-01-15T10:00:00Z", "2026-01-15T10:00:02Z", now)).toBe(2000);
  });

  it("writes times in the chosen zone", () => {
    expect(formatDateTime("2026-01-15T18:12:06.000Z", "UTC")).toBe("2026-01-15 18:12:06");
    expect(formatDateTime("2026-01-15T18:12:06.000Z", "Europe/Paris")).toBe("2026-01-15 19:12:06");
    expect(formatDayShort("2026-01-05")).toBe("Jan 5");
  });
});
