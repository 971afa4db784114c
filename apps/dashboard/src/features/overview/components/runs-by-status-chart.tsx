import { ChartFrame, Legend } from "../../../components/charts/chart-frame";
import { shapeStackedSeries } from "../../../components/charts/shape-stacks";
import { StackedBarChart } from "../../../components/charts/stacked-bar-chart";
import { StackedTable } from "../../../components/charts/stacked-table";
import { StatCard } from "../../../components/stat-card";
import { formatCount, formatPercent } from "../../../lib/format";
import type { RunsByStatus } from "../api/use-runs-by-status";
import { statusColours, statusSeriesRows } from "../status-series";

const formatRuns = (value: string) => formatCount(Math.round(Number(value)));

/** Runs started per day by status, with the totals and the failure rate. */
export function RunsByStatusChart(props: { data: RunsByStatus; days: readonly string[] }) {
  const series = shapeStackedSeries(statusSeriesRows(props.data), props.days, statusColours);
  const { totals } = props.data;
  const rate = props.data.failure_rate === null ? null : Number(props.data.failure_rate);
  return (
    <>
      <section aria-label="Runs by status" className="stat-grid">
        <StatCard label="Completed" value={formatCount(totals.completed)} />
        <StatCard label="Failed" value={formatCount(totals.failed)} />
        <StatCard label="Running or pending" value={formatCount(totals.running + totals.pending)} />
        <StatCard
          label="Failure rate"
          value={rate === null ? "—" : formatPercent(rate)}
          detail="failed ÷ (completed + failed)"
        />
      </section>
      <ChartFrame
        id="runs-by-status"
        title="Runs per day by status"
        chart={<StackedBarChart series={series} formatValue={formatRuns} />}
        legend={<Legend items={series.groups} />}
        table={
          <StackedTable
            series={series}
            caption="Runs started per day, by status"
            formatValue={formatRuns}
          />
        }
      />
    </>
  );
}
