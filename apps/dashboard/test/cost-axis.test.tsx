import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { CostPerDayChart } from "../src/features/cost-series/components/cost-per-day-chart";

const row = { group: "gpt-4o", step_count: 1, tokens: 100, unpriced_steps: 0 };
const axisLabels = (container: HTMLElement): string[] =>
  [...container.querySelectorAll("svg > g > text")]
    .map((label) => label.textContent ?? "")
    .filter((label) => label.startsWith("$"));

describe("the cost chart's axis", () => {
  it("labels every tick with the same places ($0.50 steps read $0.00 … $1.50)", () => {
    const { container } = render(
      <CostPerDayChart
        id="cost"
        title="Cost per day"
        groupLabel="model"
        days={["2026-01-14", "2026-01-15"]}
        rows={[
          { ...row, day: "2026-01-14", cost: "0.9000", cost_exact: "0.9" },
          { ...row, day: "2026-01-15", cost: "1.3000", cost_exact: "1.3" },
        ]}
      />,
    );
    expect(axisLabels(container)).toEqual(["$0.00", "$0.50", "$1.00", "$1.50"]);
  });
});
