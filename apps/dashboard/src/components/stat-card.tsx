import type { ReactNode } from "react";

/** One figure with its label and an optional line under it (a comparison, a detail). */
export function StatCard(props: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  title?: string;
}) {
  return (
    <div className="card stat-card">
      <p className="stat-label">{props.label}</p>
      <p className="stat-value" title={props.title}>
        {props.value}
      </p>
      {props.detail !== undefined && <p className="stat-detail">{props.detail}</p>}
    </div>
  );
}
