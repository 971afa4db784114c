import { Link } from "wouter";
import { StatusBadge } from "../../../components/status-badge";
import {
  durationBetween,
  formatCount,
  formatDateTime,
  formatDuration,
  formatUsd,
  formatUsdExact,
} from "../../../lib/format";
import type { RunDetail } from "../api/use-run";

/** The run's identity, timing and totals as a definition list. */
export function RunSummary(props: { run: RunDetail; timeZone: string; stepCount: number }) {
  const { run, timeZone } = props;
  return (
    <dl className="card facts">
      <div>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={run.status} />
        </dd>
      </div>
      <div>
        <dt>Client</dt>
        <dd>
          <Link href={`/clients/${run.client_id}`}>{run.client_id}</Link>
        </dd>
      </div>
      <div>
        <dt>Dossier</dt>
        <dd>{run.dossier_id ?? "—"}</dd>
      </div>
      <div>
        <dt>Triggered by</dt>
        <dd>{run.triggered_by ?? "—"}</dd>
      </div>
      <div>
        <dt>Started ({timeZone})</dt>
        <dd>{formatDateTime(run.started_at, timeZone)}</dd>
      </div>
      <div>
        <dt>Ended ({timeZone})</dt>
        <dd>{run.completed_at ? formatDateTime(run.completed_at, timeZone) : "—"}</dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd>{formatDuration(durationBetween(run.started_at, run.completed_at))}</dd>
      </div>
      <div>
        <dt>Steps</dt>
        <dd>{formatCount(props.stepCount)}</dd>
      </div>
      <div>
        <dt>Total tokens</dt>
        <dd>{formatCount(run.total_tokens)}</dd>
      </div>
      <div>
        <dt>Total cost</dt>
        <dd data-testid="run-total-cost" title={formatUsdExact(run.total_cost_exact)}>
          {formatUsd(run.total_cost)}
        </dd>
      </div>
      {run.error_message !== null && (
        <div className="wide">
          <dt>Error message</dt>
          <dd className="error-text">{run.error_message}</dd>
        </div>
      )}
    </dl>
  );
}
