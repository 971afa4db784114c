import { Link } from "wouter";
import { useTimeSettings } from "../../../app/time-settings";
import { DataTable } from "../../../components/data-table";
import { EmptyState, QueryView } from "../../../components/states";
import { errorMessageOf } from "../../../lib/api-error";
import { formatDateTime } from "../../../lib/format";
import {
  useEnableEndpoint,
  useRedeliver,
  useWebhookDeliveries,
  useWebhookEndpoint,
} from "../api/use-webhooks";
import { deliveryStatus, endpointState, lastOutcome, type WebhookEndpoint } from "../delivery-text";

/** One endpoint: its settings and state, and its delivery log with "Send again". */
export function EndpointPage(props: { endpointId: string }) {
  const endpoint = useWebhookEndpoint(props.endpointId);
  return (
    <section className="page">
      <p>
        <Link href="/webhooks">← Webhooks</Link>
      </p>
      <QueryView query={endpoint} label="Loading the endpoint…">
        {(found) => (
          <>
            <h1 className="break-anywhere">Endpoint {found.id}</h1>
            <EndpointSummary endpoint={found} />
            <div className="card">
              <DeliveryLog endpoint={found} />
            </div>
          </>
        )}
      </QueryView>
    </section>
  );
}

function EndpointSummary(props: { endpoint: WebhookEndpoint }) {
  const { endpoint } = props;
  return (
    <dl className="card facts">
      <dt>URL</dt>
      <dd>
        <code className="break-anywhere">{endpoint.url}</code>
      </dd>
      <dt>Events</dt>
      <dd>{endpoint.event_types.join(", ")}</dd>
      <dt>State</dt>
      <dd>
        <span className={endpoint.enabled ? undefined : "error-text"}>
          {endpointState(endpoint)}
        </span>{" "}
        {!endpoint.enabled && <EnableButton endpointId={endpoint.id} />}
      </dd>
      <dt>Failed attempts in a row</dt>
      <dd>{endpoint.consecutive_failures}</dd>
      {endpoint.description && (
        <>
          <dt>Description</dt>
          <dd>{endpoint.description}</dd>
        </>
      )}
    </dl>
  );
}

/** Re-enabling clears the failure count and the reason; pending deliveries then go out. */
function EnableButton(props: { endpointId: string }) {
  const enable = useEnableEndpoint(props.endpointId);
  return (
    <>
      <button
        type="button"
        disabled={enable.isPending}
        onClick={() => enable.mutate({ endpoint_id: props.endpointId, enabled: true })}
      >
        Enable
      </button>
      {enable.error ? (
        <span className="error-text" role="alert">
          {" "}
          {errorMessageOf(enable.error)}
        </span>
      ) : null}
    </>
  );
}

function DeliveryLog(props: { endpoint: WebhookEndpoint }) {
  const { endpoint } = props;
  const deliveries = useWebhookDeliveries(endpoint.id);
  const redeliver = useRedeliver(endpoint.id);
  const { timeZone } = useTimeSettings();
  const when = (iso: string | null) => (iso ? formatDateTime(iso, timeZone) : "—");
  return (
    <>
      <h2>Deliveries, newest first</h2>
      {!endpoint.enabled && <p className="hint">Sending again needs the endpoint enabled.</p>}
      {redeliver.error ? (
        <p className="error-text" role="alert">
          {errorMessageOf(redeliver.error)}
        </p>
      ) : null}
      {redeliver.isSuccess && <p role="status">Queued: it goes out within seconds.</p>}
      <QueryView query={deliveries} label="Loading deliveries…">
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="Nothing delivered yet: events this endpoint wants appear here." />
          ) : (
            <DataTable
              caption={`Deliveries to ${endpoint.url} (the webhook-id is the event's id)`}
              rows={page.items}
              rowKey={(row) => row.id}
              columns={[
                { header: "Event", cell: (row) => row.event_type },
                { header: "webhook-id", cell: (row) => <code>{row.event_id}</code> },
                { header: "Status", cell: deliveryStatus },
                { header: "Last answer", cell: lastOutcome },
                { header: `Next attempt (${timeZone})`, cell: (row) => when(row.next_attempt_at) },
                {
                  header: "Action",
                  cell: (row) => (
                    <button
                      type="button"
                      aria-label={`Send ${row.event_id} again`}
                      disabled={!endpoint.enabled || redeliver.isPending}
                      onClick={() =>
                        redeliver.mutate({ endpoint_id: endpoint.id, delivery_id: row.id })
                      }
                    >
                      Send again
                    </button>
                  ),
                },
              ]}
            />
          )
        }
      </QueryView>
    </>
  );
}
