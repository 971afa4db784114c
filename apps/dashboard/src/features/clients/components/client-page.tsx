import { Link } from "wouter";
import { QueryView } from "../../../components/states";
import { TimeControls } from "../../../components/time-controls";
import { BudgetCard } from "../../budgets/components/budget-card";
import { CostSeriesPanel } from "../../cost-series/components/cost-series-panel";
import { useRunCostSummary } from "../../overview/api/use-run-cost-summary";
import { RunCostStats } from "../../overview/components/run-cost-stats";
import { RunsList } from "../../runs/components/runs-list";
import { defaultRunFilters } from "../../runs/filters";
import { useSpendByClient } from "../api/use-spend-by-client";

/** One client: its cost over time, its cost per run and its runs. */
export function ClientPage(props: { clientId: string }) {
  const spend = useSpendByClient();
  const summary = useRunCostSummary(props.clientId);
  const name = spend.data?.find((row) => row.client_id === props.clientId)?.name;
  return (
    <section className="page">
      <p>
        <Link href="/clients">← Clients</Link>
      </p>
      <div className="page-head">
        <h1>
          {name ?? props.clientId} {name && <span className="muted">({props.clientId})</span>}
        </h1>
        <TimeControls />
      </div>
      <BudgetCard clientId={props.clientId} />
      <CostSeriesPanel
        id="client-cost"
        clientId={props.clientId}
        groupings={["model", "step_name"]}
      />
      <QueryView query={summary} label="Loading run costs…">
        {(data) => <RunCostStats summary={data} />}
      </QueryView>
      <div className="card">
        <h2>Runs</h2>
        <RunsList filters={{ ...defaultRunFilters, client_id: props.clientId }} />
      </div>
    </section>
  );
}
