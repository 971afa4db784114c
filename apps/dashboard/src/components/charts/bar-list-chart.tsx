import { colourAt } from "./palette";

export interface BarItem {
  /** Unique among the items; the label when omitted. */
  id?: string;
  label: string;
  /** For the bar's length only; the text shows the exact figure. */
  value: number;
  text: string;
}

/** Horizontal bars with their labels and figures as HTML (readable at phone width). */
export function BarListChart(props: { items: readonly BarItem[] }) {
  const max = Math.max(0, ...props.items.map((item) => item.value)) || 1;
  return (
    <ol className="bar-list">
      {props.items.map((item) => (
        <li key={item.id ?? item.label}>
          <span className="bar-label">{item.label}</span>
          <svg
            className="bar-track"
            viewBox="0 0 100 10"
            preserveAspectRatio="none"
            aria-hidden="true"
          >
            <rect width={(item.value / max) * 100} height="10" fill={colourAt(0)} />
          </svg>
          <span className="bar-text">{item.text}</span>
        </li>
      ))}
    </ol>
  );
}
