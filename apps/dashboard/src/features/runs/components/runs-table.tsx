import { Link } from "wouter";
import { DataTable } from "../../../components/data-table";
import { StatusBadge } from "../../../components/status-badge";
import {
  durationBetween,
  formatCount,
  formatDateTime,
  formatDuration,
  formatUsd,
} from "../../../lib/format";
import type { RunRow } from "../api/use-runs-page";

export function RunsTable(props: { runs: readonly RunRow[]; timeZone: string; now?: Date }) {
  return (
    <DataTable
      caption="Runs"
      captionHidden
      rows={props.runs}
      rowKey={(run) => run.run_id}
      columns={[
        { header: "Run", cell: (run) => <Link href={`/runs/${run.run_id}`}>{run.run_id}</Link> },
        { header: "Status", cell: (run) => <StatusBadge status={run.status} /> },
        {
          header: "Client",
          cell: (run) => <Link href={`/clients/${run.client_id}`}>{run.client_id}</Link>,
        },
        { header: "Dossier", cell: (run) => run.dossier_id ?? "—" },
        { header: "Trigger", cell: (run) => run.triggered_by ?? "—" },
        {
          header: `Started (${props.timeZone})`,
          cell: (run) => formatDateTime(run.started_at, props.timeZone),
        },
        {
          header: "Duration",
          numeric: true,
          cell: (run) =>
            formatDuration(durationBetween(run.started_at, run.completed_at, props.now)),
        },
        { header: "Tokens", numeric: true, cell: (run) => formatCount(run.total_tokens) },
        { header: "Cost", numeric: true, cell: (run) => formatUsd(run.total_cost) },
      ]}
    />
  );
}
