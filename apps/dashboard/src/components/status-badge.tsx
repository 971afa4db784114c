import type { RunStatus } from "@columnline/domain/status";

/** The status as a word first (colour only repeats it, for colour-blind readers). */
export function StatusBadge(props: { status: RunStatus }) {
  return <span className={`status status-${props.status}`}>{props.status}</span>;
}
