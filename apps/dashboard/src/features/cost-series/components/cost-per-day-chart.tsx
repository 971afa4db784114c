import type { ReactNode } from "react";
import { ChartFrame, Legend } from "../../../components/charts/chart-frame";
import { shapeStackedSeries } from "../../../components/charts/shape-stacks";
import { StackedBarChart } from "../../../components/charts/stacked-bar-chart";
import { StackedTable } from "../../../components/charts/stacked-table";
import { EmptyState } from "../../../components/states";
import { formatUsd, formatUsdExact, formatUsdTicks } from "../../../lib/format";
import type { CostSeriesRow } from "../api/use-cost-series";

/** Cost per day stacked by group, with the exact amounts in its table. */
export function CostPerDayChart(props: {
  title: string;
  id: string;
  rows: readonly CostSeriesRow[];
  days: readonly string[];
  groupLabel: string;
  actions?: ReactNode;
}) {
  const series = shapeStackedSeries(
    props.rows.map((row) => ({ day: row.day, group: row.group, value: row.cost_exact })),
    props.days,
  );
  const empty = props.rows.length === 0;
  return (
    <ChartFrame
      id={props.id}
      title={props.title}
      actions={props.actions}
      chart={
        empty ? (
          <EmptyState title="No step costs in this range." />
        ) : (
          <StackedBarChart series={series} formatValue={formatUsd} formatTicks={formatUsdTicks} />
        )
      }
      legend={<Legend items={series.groups} />}
      table={
        <StackedTable
          series={series}
          caption={`Cost per day by ${props.groupLabel} (USD, exact)`}
          formatValue={formatUsdExact}
        />
      }
    />
  );
}
