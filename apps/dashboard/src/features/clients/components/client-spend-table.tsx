import { Link } from "wouter";
import { DataTable } from "../../../components/data-table";
import { formatCount, formatUsd } from "../../../lib/format";
import type { ClientSpend } from "../api/use-spend-by-client";

export function ClientSpendTable(props: { clients: readonly ClientSpend[] }) {
  return (
    <DataTable
      caption="Spend per client in the range"
      rows={props.clients}
      rowKey={(row) => row.client_id}
      columns={[
        {
          header: "Client",
          cell: (row) => (
            <Link href={`/clients/${row.client_id}`}>
              {row.name} <span className="muted">({row.client_id})</span>
            </Link>
          ),
        },
        { header: "Spend", numeric: true, cell: (row) => formatUsd(row.cost_exact) },
        { header: "Runs", numeric: true, cell: (row) => formatCount(row.runs) },
        { header: "Completed", numeric: true, cell: (row) => formatCount(row.completed_runs) },
        { header: "Failed", numeric: true, cell: (row) => formatCount(row.failed_runs) },
        {
          header: "Average run cost",
          numeric: true,
          cell: (row) => (row.average_run_cost === null ? "—" : formatUsd(row.average_run_cost)),
        },
      ]}
    />
  );
}
