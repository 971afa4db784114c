import { useState } from "react";
import type { RouterOutputs } from "../../../lib/router-types";

type Override = RouterOutputs["prices"]["listOverrides"][number];

/** Whether the override still prices steps, or will (its end, if any, not yet reached). */
export function isOpen(override: Override, now: Date = new Date()): boolean {
  return override.effective_until === null || Date.parse(override.effective_until) > now.getTime();
}

/**
 * End (after a confirmation: an end that has passed cannot be undone) or delete one override.
 * Ending keeps it listed, so the steps it priced stay explained; deleting removes it.
 */
export function OverrideActions(props: {
  override: Override;
  busy: boolean;
  onEnd: () => void;
  onDelete: () => void;
}) {
  const { override, busy } = props;
  const [confirming, setConfirming] = useState(false);
  if (confirming) {
    return (
      <span className="row-actions">
        <button
          type="button"
          aria-label={`Confirm: end the override of ${override.model} now`}
          disabled={busy}
          onClick={() => {
            setConfirming(false);
            props.onEnd();
          }}
        >
          End now
        </button>
        <button type="button" className="secondary" onClick={() => setConfirming(false)}>
          Keep
        </button>
      </span>
    );
  }
  return (
    <span className="row-actions">
      {isOpen(override) ? (
        <button
          type="button"
          className="secondary"
          aria-label={`End the override of ${override.model}`}
          disabled={busy}
          onClick={() => setConfirming(true)}
        >
          End
        </button>
      ) : null}
      <button
        type="button"
        className="secondary"
        aria-label={`Delete the override of ${override.model}`}
        disabled={busy}
        onClick={props.onDelete}
      >
        Delete
      </button>
    </span>
  );
}
