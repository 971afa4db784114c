import { describe, expect, it } from "vitest";
import { budgetStandingText, type ClientBudget } from "../src/features/budgets/budget-standing";

const budget = (fields: Partial<ClientBudget>): ClientBudget => ({
  budget_id: "8d1f2c4e-0000-4000-8000-000000000001",
  client_id: "CLT_ACME_001",
  period: "month",
  time_zone: "Europe/Paris",
  limit_usd: "25",
  thresholds: [0.8, 1],
  action: "notify_only",
  period_start: "2026-11-30T23:00:00.000Z",
  period_end: "2026-12-31T23:00:00.000Z",
  spent: "5.0000",
  spent_exact: "5",
  remaining: "20",
  used_fraction: "0.2000",
  forecast: "20.0000",
  step_count: 120,
  unpriced_steps: 0,
  thresholds_crossed: [],
  exceeded: false,
  blocking: false,
  created_at: "2026-11-01T00:00:00.000Z",
  updated_at: "2026-11-01T00:00:00.000Z",
  ...fields,
});

describe("what the budget card says", () => {
  it("warns when the forecast reaches the limit", () => {
    expect(budgetStandingText(budget({ forecast: "25.0000" }), "UTC").state).toEqual({
      tone: "warn",
      text: "On course to reach the limit before it resets",
    });
    expect(budgetStandingText(budget({ forecast: "24.9999" }), "UTC").state.tone).toBe("ok");
  });

  it("tells a notify-only limit reached from a blocking one", () => {
    const reached = { spent: "25.0000", used_fraction: "1.0000", exceeded: true };
    expect(budgetStandingText(budget(reached), "UTC").state.text).toBe(
      "At the limit (notify only: runs go on)",
    );
    const blocked = budgetStandingText(budget({ ...reached, blocking: true }), "UTC");
    expect(blocked.state.text).toBe("At the limit: new runs are refused until it resets");
  });

  it("fills the meter at most, and says unpriced steps may hide spend", () => {
    const over = budgetStandingText(
      budget({ used_fraction: "1.4000", exceeded: true, unpriced_steps: 3 }),
      "Europe/Paris",
    );
    expect(over.meterValue).toBe(1);
    expect(over.used).toBe("140.0% used this month");
    expect(over.unpriced).toBe("3 steps have no price this period: spend may be higher.");
    expect(over.period).toBe(
      "Resets 2027-01-01 00:00:00 (Europe/Paris); periods follow Europe/Paris.",
    );
  });
});
