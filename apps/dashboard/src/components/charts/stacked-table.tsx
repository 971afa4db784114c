import type { StackedSeries } from "./shape-stacks";

/** The stacked chart's numbers: one row per day, one column per group, exact values. */
export function StackedTable(props: {
  series: StackedSeries;
  caption: string;
  formatValue: (value: string) => string;
}) {
  const format = props.formatValue;
  const { groups, bars } = props.series;
  return (
    <div className="table-scroll">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {groups.map((group) => (
              <th key={group.name} scope="col" className="num">
                {group.name}
              </th>
            ))}
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.day}>
              <th scope="row">{bar.day}</th>
              {groups.map((group) => (
                <td key={group.name} className="num">
                  {format(bar.values[group.name] ?? "0")}
                </td>
              ))}
              <td className="num">{format(bar.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
