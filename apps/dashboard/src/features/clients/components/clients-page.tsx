import { BarListChart } from "../../../components/charts/bar-list-chart";
import { ChartFrame } from "../../../components/charts/chart-frame";
import { DataTable } from "../../../components/data-table";
import { EmptyState, QueryView } from "../../../components/states";
import { TimeControls } from "../../../components/time-controls";
import { formatUsd, formatUsdExact } from "../../../lib/format";
import { useSpendByClient } from "../api/use-spend-by-client";
import { ClientSpendTable } from "./client-spend-table";

export function ClientsPage() {
  const spend = useSpendByClient();
  return (
    <section className="page">
      <div className="page-head">
        <h1>Clients</h1>
        <TimeControls />
      </div>
      <QueryView query={spend} label="Loading clients…">
        {(clients) =>
          clients.length === 0 ? (
            <EmptyState title="No client has runs in this time range." />
          ) : (
            <ChartFrame
              id="client-spend"
              title="Spend per client"
              chart={
                <BarListChart
                  items={clients.map((row) => ({
                    id: row.client_id,
                    label: row.name,
                    value: Number(row.cost_exact),
                    text: formatUsd(row.cost_exact),
                  }))}
                />
              }
              table={
                <DataTable
                  caption="Spend per client (USD, exact)"
                  rows={clients}
                  rowKey={(row) => row.client_id}
                  columns={[
                    { header: "Client", cell: (row) => row.name },
                    {
                      header: "Spend",
                      numeric: true,
                      cell: (row) => formatUsdExact(row.cost_exact),
                    },
                  ]}
                />
              }
            />
          )
        }
      </QueryView>
      {spend.data && spend.data.length > 0 && (
        <div className="card">
          <ClientSpendTable clients={spend.data} />
        </div>
      )}
    </section>
  );
}
