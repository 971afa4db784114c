import { Route, Switch } from "wouter";
import { ClientPage } from "../features/clients/components/client-page";
import { ClientsPage } from "../features/clients/components/clients-page";
import { KeysPage } from "../features/keys/components/keys-page";
import { ModelsPage } from "../features/models/components/models-page";
import { OverviewPage } from "../features/overview/components/overview-page";
import { RunPage } from "../features/run/components/run-page";
import { RunsPage } from "../features/runs/components/runs-page";
import { RequireScope } from "../features/session/components/require-scope";
import { EndpointPage } from "../features/webhooks/components/endpoint-page";
import { WebhooksPage } from "../features/webhooks/components/webhooks-page";

export function AppRoutes() {
  return (
    <Switch>
      <Route path="/" component={OverviewPage} />
      <Route path="/runs" component={RunsPage} />
      <Route path="/runs/:runId">{(params) => <RunPage runId={params.runId} />}</Route>
      <Route path="/clients" component={ClientsPage} />
      <Route path="/clients/:clientId">
        {(params) => <ClientPage clientId={params.clientId} />}
      </Route>
      <Route path="/models" component={ModelsPage} />
      <Route path="/keys">
        <RequireScope scope="admin">
          <KeysPage />
        </RequireScope>
      </Route>
      <Route path="/webhooks">
        <RequireScope scope="admin">
          <WebhooksPage />
        </RequireScope>
      </Route>
      <Route path="/webhooks/:endpointId">
        {(params) => (
          <RequireScope scope="admin">
            <EndpointPage endpointId={params.endpointId} />
          </RequireScope>
        )}
      </Route>
      <Route>
        <section className="page">
          <h1>Page not found</h1>
          <p>There is no page at this address.</p>
        </section>
      </Route>
    </Switch>
  );
}
