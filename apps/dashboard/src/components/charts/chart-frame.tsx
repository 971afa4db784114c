import type { ReactNode } from "react";

/**
 * A chart with its heading and, behind a disclosure, the same numbers as a table: screen
 * readers and anyone who wants exact values read the table; the drawing is aria-hidden.
 */
export function ChartFrame(props: {
  title: string;
  id: string;
  chart: ReactNode;
  table: ReactNode;
  legend?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <figure className="card chart" aria-labelledby={`${props.id}-title`}>
      <div className="chart-head">
        <h2 id={`${props.id}-title`}>{props.title}</h2>
        {props.actions}
      </div>
      <div className="chart-drawing" aria-hidden="true">
        {props.chart}
      </div>
      {props.legend}
      <details className="chart-table">
        <summary>Show the numbers as a table</summary>
        {props.table}
      </details>
    </figure>
  );
}

export function Legend(props: { items: readonly { name: string; colour: string }[] }) {
  return (
    <ul className="legend" aria-label="Legend">
      {props.items.map((item) => (
        <li key={item.name}>
          <svg width="12" height="12" aria-hidden="true">
            <rect width="12" height="12" rx="2" fill={item.colour} />
          </svg>
          {item.name}
        </li>
      ))}
    </ul>
  );
}
