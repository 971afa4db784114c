import { describe, expect, it } from "vitest";
import { costUsdSchema } from "../../src/pricing";

const messageOf = (input: unknown) => {
  const result = costUsdSchema.safeParse(input);
  return result.success ? null : result.error.issues[0]?.message;
};

describe("costUsdSchema", () => {
  it.each([
    ["0.0105", "0.0105"],
    ["0.010500", "0.0105"],
    ["12", "12"],
    ["0", "0"],
    ["1.5e-3", "0.0015"],
    ["0.00000000005", "0.0000000001"], // half away from zero at 10 places
    ["0.00000000004", "0"],
    ["0.12345678904", "0.123456789"],
  ])("reads the string %j as %j", (input, expected) => {
    expect(costUsdSchema.parse(input)).toBe(expected);
  });

  it.each([
    [0.0105, "0.0105"],
    [0.1, "0.1"], // the shortest form, not the binary double's 0.1000000000000000055...
    [0.1 + 0.2, "0.3"], // 0.30000000000000004 keeps 10 places
    [1e-7, "0.0000001"],
    [-0, "0"],
    [3, "3"],
  ])("reads the number %d as %j", (input, expected) => {
    expect(costUsdSchema.parse(input)).toBe(expected);
  });

  it.each([
    ["NaN", "cost_usd must be a finite decimal number"],
    ["Infinity", "cost_usd must be a finite decimal number"],
    ["0x10", "cost_usd must be a finite decimal number"],
    [" 1", "cost_usd must be a finite decimal number"],
    ["", "cost_usd must be a finite decimal number"],
    ["1,5", "cost_usd must be a finite decimal number"],
    ["-1", "cost_usd must not be negative"],
    ["-0.0000000001", "cost_usd must not be negative"],
    ["1e309", "cost_usd must be less than 10000000000"],
    ["10000000000", "cost_usd must be less than 10000000000"],
  ])("rejects the string %j", (input, message) => {
    expect(messageOf(input)).toBe(message);
  });

  it.each([
    [Number.NaN, "cost_usd must be a finite decimal number"],
    [Number.POSITIVE_INFINITY, "cost_usd must be a finite decimal number"],
    [-1, "cost_usd must not be negative"],
    [1e300, "cost_usd must be less than 10000000000"],
  ])("rejects the number %d", (input, message) => {
    expect(messageOf(input)).toBe(message);
  });

  it("rejects other types", () => {
    expect(messageOf(null)).toBe("cost_usd must be a number or a decimal string");
    expect(messageOf({ amount: 1 })).toBe("cost_usd must be a number or a decimal string");
  });
});
