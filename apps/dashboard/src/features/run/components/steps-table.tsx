import { DataTable } from "../../../components/data-table";
import { formatCount, formatDuration, formatUsdExact } from "../../../lib/format";
import type { StepRow } from "../api/use-run";
import { stepLabel } from "../step-charts";

const count = (value: number) => formatCount(value);

export function StepsTable(props: { steps: readonly StepRow[] }) {
  return (
    <DataTable
      caption="Steps, in the order they were recorded"
      rows={props.steps}
      rowKey={(step) => step.step_id}
      columns={[
        { header: "Step", cell: (step) => <span title={step.step_id}>{stepLabel(step)}</span> },
        { header: "Model", cell: (step) => step.model ?? "—" },
        { header: "Input", numeric: true, cell: (step) => count(step.usage.input_tokens) },
        { header: "Output", numeric: true, cell: (step) => count(step.usage.output_tokens) },
        { header: "Cached", numeric: true, cell: (step) => count(step.usage.cache_read_tokens) },
        { header: "Reasoning", numeric: true, cell: (step) => count(step.usage.reasoning_tokens) },
        {
          header: "Cost",
          numeric: true,
          cell: (step) => (step.cost === null ? "unpriced" : formatUsdExact(step.cost)),
        },
        {
          header: "Cost source",
          cell: (step) => <span title={step.unpriced_reason ?? undefined}>{step.cost_source}</span>,
        },
        { header: "Late", cell: (step) => (step.late ? "late" : "—") },
        {
          header: "Duration",
          numeric: true,
          cell: (step) =>
            typeof step.duration_ms === "number" ? formatDuration(step.duration_ms) : "—",
        },
      ]}
    />
  );
}
