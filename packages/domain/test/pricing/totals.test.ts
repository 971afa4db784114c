import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/errors";
import { roundRunTotal, sumCosts } from "../../src/pricing";

// An independent oracle: costs as integer counts of 1e-10 USD, summed with BigInt.
const UNITS_PER_USD = 10n ** 10n;
const toCostString = (units: bigint): string => {
  const whole = units / UNITS_PER_USD;
  const fraction = (units % UNITS_PER_USD).toString().padStart(10, "0").replace(/0+$/, "");
  return fraction === "" ? whole.toString() : `${whole}.${fraction}`;
};
const roundUnitsTo4dp = (units: bigint): string => {
  const step = 10n ** 6n; // 1e-10 -> 1e-4
  const rounded = (units + step / 2n) / step; // half away from zero for non-negative values
  return `${rounded / 10000n}.${(rounded % 10000n).toString().padStart(4, "0")}`;
};

describe("sumCosts", () => {
  it("adds exactly, without float error", () => {
    expect(sumCosts(["0.1", "0.2"])).toBe("0.3");
    expect(sumCosts(["0.0075", "0.0105", "0.0000000001"])).toBe("0.0180000001");
  });

  it("is 0 for no costs", () => {
    expect(sumCosts([])).toBe("0");
  });

  it("rejects values that are not step costs", () => {
    for (const bad of ["abc", "NaN", "-1", "0.00000000001", "1e15"]) {
      expect(() => sumCosts(["0.1", bad])).toThrow(DomainError);
    }
  });

  test.prop([fc.array(fc.bigInt({ min: 0n, max: 10n ** 16n }), { maxLength: 200 })])(
    "equals the exact sum",
    (units) => {
      const expected = units.reduce((a, b) => a + b, 0n);
      expect(sumCosts(units.map(toCostString))).toBe(toCostString(expected));
    },
  );
});

describe("roundRunTotal", () => {
  it("formats with exactly 4 places", () => {
    expect(roundRunTotal("0")).toBe("0.0000");
    expect(roundRunTotal("0.2")).toBe("0.2000");
    expect(roundRunTotal("12.3456789")).toBe("12.3457");
  });

  it("rounds half away from zero", () => {
    expect(roundRunTotal("0.00005")).toBe("0.0001");
    expect(roundRunTotal("0.00015")).toBe("0.0002"); // not banker's rounding (0.0002 either way)
    expect(roundRunTotal("0.00025")).toBe("0.0003"); // banker's rounding would give 0.0002
    expect(roundRunTotal("0.000049999")).toBe("0.0000");
  });

  it("rejects what is not a non-negative decimal", () => {
    expect(() => roundRunTotal("-0.1")).toThrow(DomainError);
    expect(() => roundRunTotal("total")).toThrow(DomainError);
  });
});

describe("a run total is the exact sum rounded once", () => {
  it("10,000 steps of 0.00002 make 0.2000, not the 0 of summing rounded parts", () => {
    const costs = Array.from({ length: 10_000 }, () => "0.00002");
    expect(roundRunTotal(sumCosts(costs))).toBe("0.2000");
    expect(sumCosts(costs.map(roundRunTotal))).toBe("0");
  });

  test.prop([fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { maxLength: 200 })])(
    "matches the oracle: round(sum), not sum(round)",
    (units) => {
      const total = roundRunTotal(sumCosts(units.map(toCostString)));
      expect(total).toBe(roundUnitsTo4dp(units.reduce((a, b) => a + b, 0n)));
    },
  );
});
