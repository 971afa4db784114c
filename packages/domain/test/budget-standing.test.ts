import { describe, expect, it } from "vitest";
import { budgetLimitProblem, budgetStanding, budgetThresholdsProblem } from "../src/budgets";

const period = {
  periodStart: new Date("2026-01-01T00:00:00Z"),
  periodEnd: new Date("2026-02-01T00:00:00Z"),
};

describe("budgetStanding", () => {
  it("remaining, fraction, a linear forecast and the thresholds reached, exactly", () => {
    const standing = budgetStanding({
      ...period,
      limitUsd: "10",
      spentExact: "8.0000000001",
      thresholds: [0.5, 0.8, 1],
      now: new Date("2026-01-11T00:00:00Z"), // 10 of 31 days
    });
    expect(standing).toEqual({
      remaining: "1.9999999999",
      usedFraction: "0.8000",
      forecast: "24.8000",
      crossed: [0.5, 0.8],
      exceeded: false,
    });
  });

  it("reaching the limit exactly is exceeded, with 1 counted even when not listed", () => {
    const standing = budgetStanding({
      ...period,
      limitUsd: "0.3",
      spentExact: "0.3",
      thresholds: [0.5],
      now: period.periodEnd,
    });
    expect(standing.crossed).toEqual([0.5, 1]);
    expect(standing.exceeded).toBe(true);
    expect(standing.remaining).toBe("0");
    expect(standing.forecast).toBe("0.3000");
  });

  it("0.1 + 0.2 of 0.3 is no float accident: 0.2999999999 is below", () => {
    const below = budgetStanding({
      ...period,
      limitUsd: "0.3",
      spentExact: "0.2999999999",
      thresholds: [1],
      now: period.periodEnd,
    });
    expect(below.exceeded).toBe(false);
  });
});

describe("budget settings", () => {
  it("limits: positive decimal strings", () => {
    expect(budgetLimitProblem("25")).toBeNull();
    expect(budgetLimitProblem("199.99")).toBeNull();
    expect(budgetLimitProblem("0")).toMatch(/more than 0/);
    expect(budgetLimitProblem("-1")).toMatch(/not a USD amount/);
    expect(budgetLimitProblem("1e3")).toMatch(/not a USD amount/);
  });

  it("thresholds: fractions above 0, at most 10, 4 decimals, no repeats", () => {
    expect(budgetThresholdsProblem([0.5, 0.8, 1])).toBeNull();
    expect(budgetThresholdsProblem([])).toMatch(/at least one/);
    expect(budgetThresholdsProblem([0])).toMatch(/not a threshold/);
    expect(budgetThresholdsProblem([80])).toMatch(/not a threshold/);
    expect(budgetThresholdsProblem([0.12345])).toMatch(/not a threshold/);
    expect(budgetThresholdsProblem([0.5, 0.5])).toMatch(/repeat/);
  });
});
