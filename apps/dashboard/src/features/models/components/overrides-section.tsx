import { DataTable } from "../../../components/data-table";
import { EmptyState, QueryView } from "../../../components/states";
import { errorMessageOf } from "../../../lib/api-error";
import { formatDateTime, formatUsdExact } from "../../../lib/format";
import { useMay } from "../../session/session-context";
import { useDeleteOverride, useEndOverride, usePriceOverrides } from "../api/use-prices";
import { OverrideActions } from "./override-actions";
import { OverrideForm } from "./override-form";

const usd = (value: string | null) => (value === null ? "—" : formatUsdExact(value));

/** Price overrides: admins list, create and end them; other keys are told who can. */
export function OverridesSection(props: { timeZone: string }) {
  const isAdmin = useMay("admin");
  const overrides = usePriceOverrides(isAdmin);
  const remove = useDeleteOverride();
  const end = useEndOverride();
  const failed = end.error ?? remove.error;
  return (
    <section className="card" aria-labelledby="overrides-title">
      <h2 id="overrides-title">Price overrides</h2>
      {!isAdmin ? (
        <p className="hint">Only admin keys see and change price overrides.</p>
      ) : (
        <>
          <QueryView query={overrides}>
            {(rows) =>
              rows.length === 0 ? (
                <EmptyState title="No overrides: every price comes from the catalog." />
              ) : (
                <DataTable
                  caption="Price overrides (USD per million tokens)"
                  rows={rows}
                  rowKey={(row) => row.id}
                  columns={[
                    { header: "Model", cell: (row) => row.model },
                    { header: "Client", cell: (row) => row.client_id ?? "every client" },
                    {
                      header: `From (${props.timeZone})`,
                      cell: (row) => formatDateTime(row.effective_from, props.timeZone),
                    },
                    {
                      header: "Until",
                      cell: (row) =>
                        row.effective_until === null
                          ? "open"
                          : formatDateTime(row.effective_until, props.timeZone),
                    },
                    { header: "Input", numeric: true, cell: (row) => usd(row.input_mtok) },
                    { header: "Output", numeric: true, cell: (row) => usd(row.output_mtok) },
                    {
                      header: "Cache read",
                      numeric: true,
                      cell: (row) => usd(row.cache_read_mtok),
                    },
                    {
                      header: "Cache write",
                      numeric: true,
                      cell: (row) => usd(row.cache_write_mtok),
                    },
                    {
                      header: "Action",
                      cell: (row) => (
                        <OverrideActions
                          override={row}
                          busy={end.isPending || remove.isPending}
                          onEnd={() => end.mutate({ id: row.id })}
                          onDelete={() => remove.mutate({ id: row.id })}
                        />
                      ),
                    },
                  ]}
                />
              )
            }
          </QueryView>
          {failed ? (
            <p role="alert" className="error-text">
              {errorMessageOf(failed)}
            </p>
          ) : null}
          <p className="hint">
            End stops an override from now on and keeps it listed: steps it priced stay explained,
            later ones get the previous price. Delete removes it.
          </p>
          <h3>New override</h3>
          <OverrideForm />
        </>
      )}
    </section>
  );
}
