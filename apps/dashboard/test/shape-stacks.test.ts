import { describe, expect, it } from "vitest";
import { okabeIto, otherColour } from "../src/components/charts/palette";
import {
  NO_GROUP,
  niceTicks,
  OTHER_GROUP,
  shapeStackedSeries,
} from "../src/components/charts/shape-stacks";

describe("shapeStackedSeries", () => {
  const days = ["2026-01-01", "2026-01-02", "2026-01-03"];

  it("makes one bar per day, zero where nothing was spent, with exact totals", () => {
    const series = shapeStackedSeries(
      [
        { day: "2026-01-01", group: "gpt-4o", value: "0.1" },
        { day: "2026-01-01", group: "claude", value: "0.2" },
        { day: "2026-01-03", group: "gpt-4o", value: "0.0000000001" },
      ],
      days,
    );
    expect(series.bars.map((bar) => bar.total)).toEqual(["0.3", "0", "0.0000000001"]);
    expect(series.bars[1]?.values).toEqual({});
    expect(series.max).toBeCloseTo(0.3);
  });

  it("orders groups costliest first, each with its own palette colour", () => {
    const series = shapeStackedSeries(
      [
        { day: "2026-01-01", group: "cheap", value: "0.01" },
        { day: "2026-01-02", group: "dear", value: "5" },
        { day: "2026-01-02", group: null, value: "1" },
      ],
      days,
    );
    expect(series.groups.map((group) => group.name)).toEqual(["dear", NO_GROUP, "cheap"]);
    expect(new Set(series.groups.map((group) => group.colour)).size).toBe(3);
  });

  it("folds groups past the palette into Other, summed exactly", () => {
    const rows = Array.from({ length: 10 }, (_, index) => ({
      day: "2026-01-01",
      group: `model-${index}`,
      value: `${index + 1}.5`,
    }));
    const series = shapeStackedSeries(rows, days);
    expect(series.groups).toHaveLength(okabeIto.length);
    const other = series.groups.at(-1);
    // Kept: 10.5 down to 5.5; folded: 4.5 + 3.5 + 2.5 + 1.5.
    expect(other).toEqual({ name: OTHER_GROUP, colour: otherColour, total: "12" });
    expect(series.bars[0]?.values[OTHER_GROUP]).toBe("12");
    expect(series.bars[0]?.total).toBe("60");
  });
});

describe("niceTicks", () => {
  it("steps by 1, 2 or 5 times a power of ten up past the maximum", () => {
    expect(niceTicks(0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(830)).toEqual([0, 500, 1000]);
    expect(niceTicks(0)).toEqual([0]);
  });
});

describe("fixed colours", () => {
  it("keeps a status's colour whatever its rank", () => {
    const series = shapeStackedSeries(
      [
        { day: "2026-01-01", group: "failed", value: "9" },
        { day: "2026-01-01", group: "completed", value: "1" },
      ],
      ["2026-01-01"],
      { failed: "#D55E00", completed: "#009E73" },
    );
    expect(series.groups.map((group) => [group.name, group.colour])).toEqual([
      ["failed", "#D55E00"],
      ["completed", "#009E73"],
    ]);
  });
});
