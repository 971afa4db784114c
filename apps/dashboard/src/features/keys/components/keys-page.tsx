import { useTimeSettings } from "../../../app/time-settings";
import { DataTable } from "../../../components/data-table";
import { QueryView } from "../../../components/states";
import { formatDateTime } from "../../../lib/format";
import { useSession } from "../../session/session-context";
import { useApiKeys, useRevokeApiKey } from "../api/use-keys";
import { CreateKeyForm } from "./create-key-form";

export function KeysPage() {
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const session = useSession();
  const { timeZone } = useTimeSettings();
  const when = (iso: string | null) => (iso ? formatDateTime(iso, timeZone) : "—");
  return (
    <section className="page">
      <h1>API keys</h1>
      <CreateKeyForm />
      <div className="card">
        <QueryView query={keys} label="Loading keys…">
          {(rows) => (
            <DataTable
              caption="API keys (the keys themselves are never shown again)"
              rows={rows}
              rowKey={(row) => row.id}
              columns={[
                { header: "Name", cell: (row) => row.name },
                { header: "Prefix", cell: (row) => <code>{row.key_prefix}…</code> },
                { header: "Scopes", cell: (row) => row.scopes.join(", ") },
                { header: `Created (${timeZone})`, cell: (row) => when(row.created_at) },
                { header: "Last used", cell: (row) => when(row.last_used_at) },
                {
                  header: "Status",
                  cell: (row) =>
                    row.revoked_at
                      ? `revoked ${when(row.revoked_at)}`
                      : row.id === session.key_id
                        ? "active (this session)"
                        : "active",
                },
                {
                  header: "Action",
                  cell: (row) =>
                    row.revoked_at ? null : (
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Revoke ${row.name}`}
                        disabled={revoke.isPending}
                        onClick={() => {
                          if (
                            window.confirm(
                              `Revoke the key "${row.name}"? It stops working at once.`,
                            )
                          ) {
                            revoke.mutate({ id: row.id });
                          }
                        }}
                      >
                        Revoke
                      </button>
                    ),
                },
              ]}
            />
          )}
        </QueryView>
      </div>
    </section>
  );
}
