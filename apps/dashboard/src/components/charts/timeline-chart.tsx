import { formatDuration } from "../../lib/format";
import { colourAt } from "./palette";

export interface TimelineItem {
  id: string;
  label: string;
  /** Milliseconds since the epoch. */
  start: number;
  /** Equal to start for a step recorded without a duration: drawn as a tick. */
  end: number;
}

// Drawn narrow: the chart shares a row with another at 1280 px, so its text stays readable.
const WIDTH = 480;
const ROW = 24;
const LEFT = 120;

/** Step bars on a shared time axis from the run's start: where the time went. */
export function TimelineChart(props: { items: readonly TimelineItem[]; origin: number }) {
  const end = Math.max(props.origin + 1, ...props.items.map((item) => item.end));
  const span = end - props.origin;
  const x = (at: number) => LEFT + ((at - props.origin) / span) * (WIDTH - LEFT - 8);
  const height = props.items.length * ROW + 24;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} className="chart-svg" role="presentation">
      {props.items.map((item, index) => {
        const top = index * ROW + 4;
        const width = Math.max(3, x(item.end) - x(item.start));
        return (
          <g key={item.id}>
            <text x={LEFT - 8} y={top + 13} textAnchor="end" fontSize="12" fill="#333">
              {item.label.length > 18 ? `${item.label.slice(0, 17)}…` : item.label}
            </text>
            <rect
              x={x(item.start)}
              y={top}
              width={width}
              height={ROW - 8}
              rx="2"
              fill={colourAt(index % 2 ? 4 : 0)}
            >
              <title>{`${item.label}: ${formatDuration(item.end - item.start)}`}</title>
            </rect>
          </g>
        );
      })}
      <text x={LEFT} y={height - 6} fontSize="12" fill="#555">
        0
      </text>
      <text x={WIDTH - 8} y={height - 6} textAnchor="end" fontSize="12" fill="#555">
        {formatDuration(span)}
      </text>
    </svg>
  );
}
