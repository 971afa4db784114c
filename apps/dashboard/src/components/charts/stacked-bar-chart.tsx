import { formatDayShort } from "../../lib/format";
import { niceTicks, type StackedSeries } from "./shape-stacks";

const WIDTH = 800;
const HEIGHT = 240;
const LEFT = 64;
const BOTTOM = 24;
const TOP = 8;

/** Stacked cost bars per day, in SVG with presentation attributes only (CSP: style-src 'self'). */
export function StackedBarChart(props: {
  series: StackedSeries;
  formatValue: (value: string) => string;
  /** Axis labels, all at once (one number of places for money); default: formatValue each. */
  formatTicks?: (ticks: readonly string[]) => string[];
}) {
  const format = props.formatValue;
  const { bars, groups } = props.series;
  const ticks = niceTicks(props.series.max);
  // toFixed, not String: a tiny step would print as "5e-8".
  const tickTexts = ticks.map((tick) => tick.toFixed(12));
  const tickLabels = props.formatTicks?.(tickTexts) ?? tickTexts.map(format);
  const top = ticks[ticks.length - 1] || 1;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT) / Math.max(bars.length, 1);
  const barWidth = Math.max(1, slot * 0.7);
  const labelEvery = Math.ceil(bars.length / 10);
  const y = (value: number) => TOP + plotHeight - (value / top) * plotHeight;

  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="chart-svg" role="presentation">
      {ticks.map((tick, index) => (
        <g key={tick}>
          <line x1={LEFT} x2={WIDTH} y1={y(tick)} y2={y(tick)} stroke="#e2e2e2" />
          <text x={LEFT - 6} y={y(tick) + 4} textAnchor="end" fontSize="11" fill="#555">
            {tickLabels[index]}
          </text>
        </g>
      ))}
      {bars.map((bar, index) => {
        const x = LEFT + index * slot + (slot - barWidth) / 2;
        let base = 0;
        return (
          <g key={bar.day}>
            {groups.map((group) => {
              const exact = bar.values[group.name];
              if (exact === undefined) return null;
              const value = Number(exact);
              const rect = (
                <rect
                  key={group.name}
                  x={x}
                  width={barWidth}
                  y={y(base + value)}
                  height={Math.max(0, y(base) - y(base + value))}
                  fill={group.colour}
                >
                  <title>{`${bar.day} · ${group.name}: ${format(exact)}`}</title>
                </rect>
              );
              base += value;
              return rect;
            })}
            {index % labelEvery === 0 && (
              <text
                x={x + barWidth / 2}
                y={HEIGHT - 6}
                textAnchor="middle"
                fontSize="11"
                fill="#555"
              >
                {formatDayShort(bar.day)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
