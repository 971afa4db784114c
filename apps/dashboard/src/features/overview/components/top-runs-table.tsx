import { Link } from "wouter";
import { DataTable } from "../../../components/data-table";
import { StatusBadge } from "../../../components/status-badge";
import { formatCount, formatUsd } from "../../../lib/format";
import type { RouterOutputs } from "../../../lib/router-types";

type TopRun = RouterOutputs["analytics"]["topRuns"][number];

export function TopRunsTable(props: { runs: readonly TopRun[] }) {
  return (
    <DataTable
      caption="The 10 most expensive completed runs"
      rows={props.runs}
      rowKey={(run) => run.run_id}
      columns={[
        { header: "Run", cell: (run) => <Link href={`/runs/${run.run_id}`}>{run.run_id}</Link> },
        {
          header: "Client",
          cell: (run) => <Link href={`/clients/${run.client_id}`}>{run.client_id}</Link>,
        },
        { header: "Status", cell: (run) => <StatusBadge status={run.status} /> },
        { header: "Tokens", numeric: true, cell: (run) => formatCount(run.total_tokens) },
        { header: "Cost", numeric: true, cell: (run) => formatUsd(run.total_cost) },
      ]}
    />
  );
}
