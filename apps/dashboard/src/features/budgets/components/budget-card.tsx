import { useTimeSettings } from "../../../app/time-settings";
import { ErrorState, LoadingState } from "../../../components/states";
import { errorCodeOf } from "../../../lib/api-error";
import { useClientBudget } from "../api/use-client-budget";
import { budgetStandingText, type ClientBudget } from "../budget-standing";

/** A client's budget this period: spend against the limit, forecast, and whether runs are blocked. */
export function BudgetCard(props: { clientId: string }) {
  const budget = useClientBudget(props.clientId);
  if (budget.isPending) return <LoadingState label="Loading the budget…" />;
  if (budget.data) return <BudgetStanding budget={budget.data} />;
  if (errorCodeOf(budget.error) === "NOT_FOUND") return <NoBudget clientId={props.clientId} />;
  return <ErrorState error={budget.error} onRetry={() => void budget.refetch()} />;
}

function BudgetStanding(props: { budget: ClientBudget }) {
  const { timeZone } = useTimeSettings();
  const text = budgetStandingText(props.budget, timeZone);
  return (
    <section className="card budget-card" aria-labelledby="budget-title">
      <h2 id="budget-title">Budget</h2>
      <p className="stat-value">{text.headline}</p>
      <meter
        aria-label="Share of the limit used"
        min={0}
        max={1}
        low={0.8}
        high={0.99}
        optimum={0}
        value={text.meterValue}
      />
      <p>{text.used}</p>
      <p className={`budget-state budget-state-${text.state.tone}`}>{text.state.text}</p>
      <p className="stat-detail">{text.forecast}</p>
      <p className="stat-detail">{text.period}</p>
      {text.unpriced && <p className="warning">{text.unpriced}</p>}
    </section>
  );
}

function NoBudget(props: { clientId: string }) {
  return (
    <section className="card budget-card" aria-labelledby="budget-title">
      <h2 id="budget-title">Budget</h2>
      <p>No budget: this client's spend has no limit and sends no alerts.</p>
      <p className="hint">An admin sets one with the CLI (or PUT /api/v1/clients/…/budget):</p>
      <pre>
        <code>{`pnpm cli budgets set --client ${props.clientId} --period month --limit 100 --action notify_only`}</code>
      </pre>
    </section>
  );
}
