import { describe, expect, it } from "vitest";
import type { StepRow } from "../src/features/run/api/use-run";
import { costByStep, timelineItems } from "../src/features/run/step-charts";

function step(overrides: Partial<StepRow> & Pick<StepRow, "step_id">): StepRow {
  return {
    run_id: "RUN_20260115_100000",
    step_name: null,
    model: "gpt-4o",
    provider: null,
    usage: {
      input_tokens: 10,
      output_tokens: 5,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
    },
    tokens: 15,
    cost: "0.001",
    cost_source: "computed",
    unpriced_reason: null,
    price_details: null,
    late: false,
    recorded_at: "2026-01-15T10:00:05.000Z",
    started_at: null,
    duration_ms: null,
    completed_at: null,
    metadata: null,
    ...overrides,
  };
}

describe("step timeline", () => {
  it("draws a step with timing from its start for its duration", () => {
    const [item] = timelineItems([
      step({
        step_id: "a",
        step_name: "extract",
        started_at: "2026-01-15T10:00:01.000Z",
        duration_ms: 2500,
      }),
    ]);
    expect(item).toEqual({
      id: "a",
      label: "extract",
      start: Date.parse("2026-01-15T10:00:01.000Z"),
      end: Date.parse("2026-01-15T10:00:03.500Z"),
    });
  });

  it("puts a step without timing at the moment it was recorded", () => {
    const [item] = timelineItems([step({ step_id: "b" })]);
    expect(item?.label).toBe("b");
    expect(item?.start).toBe(item?.end);
    expect(item?.start).toBe(Date.parse("2026-01-15T10:00:05.000Z"));
  });
});

describe("cost by step", () => {
  it("adds steps of one name exactly and puts the costliest first", () => {
    const items = costByStep([
      step({ step_id: "1", step_name: "summarise", cost: "0.1" }),
      step({ step_id: "2", step_name: "extract", cost: "0.05" }),
      step({ step_id: "3", step_name: "summarise", cost: "0.2" }),
      step({ step_id: "4", step_name: "lookup", cost: null, cost_source: "unpriced" }),
      step({ step_id: "5", step_name: "extract", cost: null, cost_source: "unpriced" }),
    ]);
    expect(items.map((item) => [item.label, item.text])).toEqual([
      ["summarise", "$0.3000"],
      ["extract", "$0.0500 + 1 unpriced"],
      ["lookup", "unpriced"],
    ]);
  });
});
