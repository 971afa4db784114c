import { DataTable } from "../../../components/data-table";
import { formatCount, formatUsd } from "../../../lib/format";
import type { RouterOutputs } from "../../../lib/router-types";

type ModelCost = RouterOutputs["analytics"]["costByModel"][number];

export function ModelCostsTable(props: { rows: readonly ModelCost[] }) {
  return (
    <DataTable
      caption="Tokens and cost per model (completed runs in the range)"
      rows={props.rows}
      rowKey={(row) => row.model ?? "(none)"}
      columns={[
        { header: "Model", cell: (row) => row.model ?? "(no model)" },
        { header: "Steps", numeric: true, cell: (row) => formatCount(row.step_count) },
        { header: "Tokens", numeric: true, cell: (row) => formatCount(row.tokens) },
        { header: "Cost", numeric: true, cell: (row) => formatUsd(row.cost_exact) },
        { header: "Unpriced steps", numeric: true, cell: (row) => formatCount(row.unpriced_steps) },
      ]}
    />
  );
}
