import { addDecimalTexts } from "@columnline/domain/money";
import type { BarItem } from "../../components/charts/bar-list-chart";
import type { TimelineItem } from "../../components/charts/timeline-chart";
import { formatUsd } from "../../lib/format";
import type { StepRow } from "./api/use-run";

export const stepLabel = (step: StepRow): string => step.step_name ?? step.step_id;

/**
 * Each step's span: from started_at for duration_ms (or to completed_at) when the step sent its
 * timing; otherwise
 * a tick at recorded_at (when the ledger heard of it), so every step is on the axis.
 */
export function timelineItems(steps: readonly StepRow[]): TimelineItem[] {
  return steps.map((step) => {
    const recorded = Date.parse(step.recorded_at);
    if (step.started_at && typeof step.duration_ms === "number") {
      const start = Date.parse(step.started_at);
      return { id: step.step_id, label: stepLabel(step), start, end: start + step.duration_ms };
    }
    if (step.started_at) {
      const start = Date.parse(step.started_at);
      const end = step.completed_at ? Date.parse(step.completed_at) : recorded;
      return { id: step.step_id, label: stepLabel(step), start, end: Math.max(start, end) };
    }
    return { id: step.step_id, label: stepLabel(step), start: recorded, end: recorded };
  });
}

/**
 * Cost per step name (steps of the same name add up exactly), costliest first. An unpriced
 * step adds nothing to the bar and says so in the text: the ledger does not know its cost.
 */
export function costByStep(steps: readonly StepRow[]): BarItem[] {
  const byName = new Map<string, { costs: string[]; unpriced: number }>();
  for (const step of steps) {
    const name = stepLabel(step);
    const entry = byName.get(name) ?? { costs: [], unpriced: 0 };
    if (step.cost === null) entry.unpriced += 1;
    else entry.costs.push(step.cost);
    byName.set(name, entry);
  }
  return [...byName.entries()]
    .map(([label, { costs, unpriced }]) => {
      const total = addDecimalTexts(costs);
      const text =
        costs.length === 0
          ? "unpriced"
          : `${formatUsd(total)}${unpriced > 0 ? ` + ${unpriced} unpriced` : ""}`;
      return { label, value: Number(total), text };
    })
    .sort((a, b) => b.value - a.value);
}
