import { Link } from "wouter";
import { useTimeSettings } from "../../../app/time-settings";
import { DataTable } from "../../../components/data-table";
import { EmptyState, QueryView } from "../../../components/states";
import { formatDateTime } from "../../../lib/format";
import { useWebhookEndpoints } from "../api/use-webhooks";
import { endpointState } from "../delivery-text";

/** Admins: every webhook endpoint, whether it is receiving, and a way into its delivery log. */
export function WebhooksPage() {
  const endpoints = useWebhookEndpoints();
  const { timeZone } = useTimeSettings();
  return (
    <section className="page">
      <h1>Webhooks</h1>
      <div className="card">
        <QueryView query={endpoints} label="Loading endpoints…">
          {(rows) =>
            rows.length === 0 ? (
              <NoEndpoints />
            ) : (
              <DataTable
                caption="Webhook endpoints (add, change and remove them with the CLI or REST)"
                rows={rows}
                rowKey={(row) => row.id}
                columns={[
                  {
                    header: "Endpoint",
                    cell: (row) => <Link href={`/webhooks/${row.id}`}>{row.url}</Link>,
                  },
                  { header: "Events", cell: (row) => row.event_types.join(", ") },
                  { header: "State", cell: endpointState },
                  {
                    header: "Failed attempts in a row",
                    numeric: true,
                    cell: (row) => row.consecutive_failures,
                  },
                  {
                    header: `Created (${timeZone})`,
                    cell: (row) => formatDateTime(row.created_at, timeZone),
                  },
                ]}
              />
            )
          }
        </QueryView>
      </div>
    </section>
  );
}

function NoEndpoints() {
  return (
    <EmptyState title="No webhook endpoints yet.">
      <p>Add one to hear about completed and failed runs and budget alerts as they happen:</p>
      <pre>
        <code>{`pnpm cli webhooks add --url https://hook.eu1.make.com/… \\
  --event run.completed --event run.failed`}</code>
      </pre>
      <p className="hint">The answer shows the signing secret once: keep it for the receiver.</p>
    </EmptyState>
  );
}
