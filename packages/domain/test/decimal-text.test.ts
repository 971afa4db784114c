import { describe, expect, it } from "vitest";
import {
  addDecimalTexts,
  compareDecimalTexts,
  formatUsd,
  formatUsdExact,
  formatUsdTicks,
  roundDecimalText,
  trimDecimalText,
} from "../src/money";

describe("decimal text arithmetic", () => {
  it("adds exactly where floats would not", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(addDecimalTexts(["0.1", "0.2"])).toBe("0.3");
    expect(addDecimalTexts(["0.0000000001", "12345678901234.9999999999"])).toBe("12345678901235");
    expect(addDecimalTexts([])).toBe("0");
  });

  it("compares across different numbers of places", () => {
    expect(compareDecimalTexts("0.10", "0.1")).toBe(0);
    expect(compareDecimalTexts("0.09", "0.1")).toBe(-1);
    expect(compareDecimalTexts("2", "1.9999")).toBe(1);
  });

  it("rounds half away from zero and keeps the places", () => {
    expect(roundDecimalText("0.12345", 4)).toBe("0.1235");
    expect(roundDecimalText("0.12344", 4)).toBe("0.1234");
    expect(roundDecimalText("9.995", 2)).toBe("10.00");
    expect(roundDecimalText("3", 2)).toBe("3.00");
  });

  it("trims trailing zeros only from a fraction", () => {
    expect(trimDecimalText("0.0075000")).toBe("0.0075");
    expect(trimDecimalText("2.000")).toBe("2");
    expect(trimDecimalText("100")).toBe("100");
  });

  it("refuses what is not a non-negative decimal", () => {
    expect(() => addDecimalTexts(["-1"])).toThrow(RangeError);
    expect(() => roundDecimalText("1e3", 2)).toThrow(RangeError);
  });
});

describe("formatUsd", () => {
  it("shows cents from a dollar up and four places below", () => {
    expect(formatUsd("1234.5")).toBe("$1,234.50");
    expect(formatUsd("0.0105")).toBe("$0.0105");
    expect(formatUsd("0.01049")).toBe("$0.0105");
  });

  it("never shows a tiny cost as zero", () => {
    expect(formatUsd("0")).toBe("$0.00");
    expect(formatUsd("0.00004")).toBe("<$0.0001");
  });

  it("shows the exact amount when asked", () => {
    expect(formatUsdExact("0.0104875000")).toBe("$0.0104875");
    expect(formatUsdExact("1234567.5")).toBe("$1,234,567.5");
  });
});

describe("formatUsdTicks", () => {
  it("gives every label of an axis the same places, as many as its finest step needs", () => {
    expect(formatUsdTicks(["0", "0.5", "1", "1.5"])).toEqual(["$0.00", "$0.50", "$1.00", "$1.50"]);
    expect(formatUsdTicks(["0", "0.0025", "0.005"])).toEqual(["$0.0000", "$0.0025", "$0.0050"]);
    expect(formatUsdTicks(["0", "500", "1000"])).toEqual(["$0.00", "$500.00", "$1,000.00"]);
    expect(formatUsdTicks(["0.000000050000"])).toEqual(["$0.00000005"]);
  });
});
