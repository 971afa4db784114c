import { useState } from "react";
import { useTimeSettings } from "../../../app/time-settings";
import { QueryView } from "../../../components/states";
import { type CostGrouping, costGroupings, useCostSeries } from "../api/use-cost-series";
import { CostPerDayChart } from "./cost-per-day-chart";

const groupLabels: Record<CostGrouping, string> = {
  model: "model",
  client: "client",
  step_name: "step name",
};

/** The stacked cost-per-day chart with its "by model / client / step name" switch. */
export function CostSeriesPanel(props: {
  id: string;
  clientId?: string;
  groupings?: readonly CostGrouping[];
}) {
  const groupings = props.groupings ?? costGroupings;
  const [groupBy, setGroupBy] = useState<CostGrouping>(groupings[0] ?? "model");
  const query = useCostSeries(groupBy, props.clientId);
  const { range } = useTimeSettings();
  const switcher =
    groupings.length > 1 ? (
      <fieldset className="segmented">
        <legend className="visually-hidden">Group cost by</legend>
        {groupings.map((grouping) => (
          <label key={grouping}>
            <input
              type="radio"
              name={`${props.id}-group`}
              value={grouping}
              checked={groupBy === grouping}
              onChange={() => setGroupBy(grouping)}
            />
            By {groupLabels[grouping]}
          </label>
        ))}
      </fieldset>
    ) : undefined;
  return (
    <QueryView query={query} label="Loading cost per day…">
      {(rows) => (
        <CostPerDayChart
          id={props.id}
          title={`Cost per day by ${groupLabels[groupBy]}`}
          rows={rows}
          days={range.days}
          groupLabel={groupLabels[groupBy]}
          actions={switcher}
        />
      )}
    </QueryView>
  );
}
