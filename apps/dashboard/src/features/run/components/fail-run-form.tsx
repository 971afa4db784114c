import { MAX_ERROR_MESSAGE_LENGTH } from "@columnline/domain/status";
import { type FormEvent, useState } from "react";
import { errorMessageOf } from "../../../lib/api-error";
import { useFailRun } from "../api/use-run";

/** "Fail this run": for a pending or running run, by a session whose key may write. */
export function FailRunForm(props: { runId: string }) {
  const [reason, setReason] = useState("");
  const fail = useFailRun();
  function submit(event: FormEvent) {
    event.preventDefault();
    fail.mutate({ run_id: props.runId, error_message: reason.trim() });
  }
  return (
    <form className="card fail-run" onSubmit={submit} aria-labelledby="fail-run-title">
      <h2 id="fail-run-title">Fail this run</h2>
      <p className="hint">
        For a run that is stuck: it moves to failed with your reason, and its steps stay.
      </p>
      <label htmlFor="fail-reason">Reason</label>
      <textarea
        id="fail-reason"
        value={reason}
        maxLength={MAX_ERROR_MESSAGE_LENGTH}
        onChange={(event) => setReason(event.target.value)}
        required
      />
      <button type="submit" className="danger" disabled={fail.isPending || reason.trim() === ""}>
        {fail.isPending ? "Failing…" : "Fail this run"}
      </button>
      {fail.isError && (
        <p role="alert" className="error-text">
          {errorMessageOf(fail.error)}
        </p>
      )}
    </form>
  );
}
