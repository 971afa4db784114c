import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { formatRunId, nextRunId, parseRunId, runIdSchema } from "../src/index";

// Whole seconds from 0001-01-01 to 9999-12-31: 4-digit years PostgreSQL can store.
const instant = fc
  .integer({
    min: Date.parse("0001-01-01T00:00:00Z") / 1000,
    max: Date.parse("9999-12-31T23:59:59Z") / 1000,
  })
  .map((seconds) => new Date(seconds * 1000));

describe("run_id", () => {
  it("formats the seed's example", () => {
    expect(formatRunId(new Date("2026-01-15T18:12:06.789Z"))).toBe("RUN_20260115_181206");
    expect(formatRunId(new Date("2026-01-15T18:12:06Z"), 2)).toBe("RUN_20260115_181206_2");
  });

  it("formats in UTC whatever the local offset of the instant", () => {
    expect(formatRunId(new Date("2026-01-15T23:30:00-05:00"))).toBe("RUN_20260116_043000");
  });

  it("parses to the start time and suffix", () => {
    expect(parseRunId("RUN_20260115_181206")).toEqual({
      startedAt: new Date("2026-01-15T18:12:06Z"),
      suffix: 1,
    });
    expect(parseRunId("RUN_20260115_181206_17")?.suffix).toBe(17);
  });

  it.each([
    "RUN_20261345_256000",
    "RUN_00000501_083515",
    "RUN_20260230_120000",
    "RUN_20250229_120000",
    "RUN_20260115_240000",
    "RUN_20260115_186000",
    "RUN_20260115_181260",
    "RUN_20260115_181206_1",
    "RUN_20260115_181206_0",
    "RUN_20260115_181206_02",
    "RUN_20260115_181206_",
    "RUN_2026011_181206",
    "run_20260115_181206",
    " RUN_20260115_181206",
    "RUN_20260115_181206\n",
    "RUN_２０２６0115_181206",
    "",
  ])("rejects %j", (id) => {
    expect(parseRunId(id)).toBeNull();
    expect(runIdSchema.safeParse(id).success).toBe(false);
  });

  it("accepts a leap day", () => {
    expect(parseRunId("RUN_20240229_000000")?.startedAt.toISOString()).toBe(
      "2024-02-29T00:00:00.000Z",
    );
  });

  it("refuses to format an invalid date or suffix", () => {
    expect(() => formatRunId(new Date("nope"))).toThrow(RangeError);
    expect(() => formatRunId(new Date(), 0)).toThrow(RangeError);
    expect(() => formatRunId(new Date(), 1.5)).toThrow(RangeError);
  });

  test.prop([instant, fc.integer({ min: 1, max: 999_999 })])(
    "round-trips through format and parse, and passes its schema",
    (at, suffix) => {
      const id = formatRunId(at, suffix);
      expect(runIdSchema.safeParse(id).success).toBe(true);
      expect(parseRunId(id)).toEqual({ startedAt: at, suffix });
    },
  );

  it("gives later runs of the same second the next free suffix", async () => {
    const at = new Date("2026-01-15T18:12:06Z");
    const taken = new Set(["RUN_20260115_181206", "RUN_20260115_181206_2"]);
    expect(await nextRunId(at, (id) => taken.has(id))).toBe("RUN_20260115_181206_3");
    expect(await nextRunId(at, async () => false)).toBe("RUN_20260115_181206");
  });
});
