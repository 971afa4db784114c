import { BarListChart } from "../../../components/charts/bar-list-chart";
import { ChartFrame } from "../../../components/charts/chart-frame";
import { TimelineChart } from "../../../components/charts/timeline-chart";
import { DataTable } from "../../../components/data-table";
import { formatDuration } from "../../../lib/format";
import type { StepRow } from "../api/use-run";
import { costByStep, timelineItems } from "../step-charts";

/** The step timeline and the cost by step, each with its table. */
export function StepChartsPanel(props: { steps: readonly StepRow[]; runStartedAt: string }) {
  const items = timelineItems(props.steps);
  const origin = Math.min(Date.parse(props.runStartedAt), ...items.map((item) => item.start));
  const costs = costByStep(props.steps);
  return (
    <div className="chart-pair">
      <ChartFrame
        id="step-timeline"
        title="Step timeline"
        chart={<TimelineChart items={items} origin={origin} />}
        table={
          <DataTable
            caption="When each step ran, from the run's start"
            rows={items}
            rowKey={(item) => item.id}
            columns={[
              { header: "Step", cell: (item) => item.label },
              {
                header: "Starts after",
                numeric: true,
                cell: (item) => formatDuration(item.start - origin),
              },
              {
                header: "Duration",
                numeric: true,
                cell: (item) => formatDuration(item.end - item.start),
              },
            ]}
          />
        }
      />
      <ChartFrame
        id="cost-by-step"
        title="Cost by step"
        chart={<BarListChart items={costs} />}
        table={
          <DataTable
            caption="Cost by step name (USD)"
            rows={costs}
            rowKey={(item) => item.label}
            columns={[
              { header: "Step", cell: (item) => item.label },
              { header: "Cost", numeric: true, cell: (item) => item.text },
            ]}
          />
        }
      />
    </div>
  );
}
