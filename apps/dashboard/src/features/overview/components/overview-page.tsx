import { useTimeSettings } from "../../../app/time-settings";
import { FirstRunHelp } from "../../../components/first-run-help";
import { QueryView } from "../../../components/states";
import { TimeControls } from "../../../components/time-controls";
import { CostSeriesPanel } from "../../cost-series/components/cost-series-panel";
import { useLedgerHasRuns } from "../../runs/api/use-ledger-has-runs";
import { useRunCostSummary, useTopRuns } from "../api/use-run-cost-summary";
import { useRunsByStatus } from "../api/use-runs-by-status";
import { useSpendPeriods } from "../api/use-spend-periods";
import { useUnpricedSteps } from "../api/use-unpriced-steps";
import { RunCostStats } from "./run-cost-stats";
import { RunsByStatusChart } from "./runs-by-status-chart";
import { SpendPeriodCards } from "./spend-period-cards";
import { TopRunsTable } from "./top-runs-table";
import { UnpricedWarning } from "./unpriced-warning";

export function OverviewPage() {
  const hasRuns = useLedgerHasRuns();
  return (
    <section className="page">
      <div className="page-head">
        <h1>Overview</h1>
        <TimeControls />
      </div>
      <QueryView query={hasRuns}>
        {(any) => (any ? <OverviewSections /> : <FirstRunHelp />)}
      </QueryView>
    </section>
  );
}

function OverviewSections() {
  const { range } = useTimeSettings();
  const periods = useSpendPeriods();
  const unpriced = useUnpricedSteps(1);
  const byStatus = useRunsByStatus();
  const summary = useRunCostSummary();
  const topRuns = useTopRuns();
  return (
    <>
      {unpriced.data && <UnpricedWarning total={unpriced.data.total} />}
      <QueryView query={periods} label="Loading spend…">
        {(data) => <SpendPeriodCards periods={data} />}
      </QueryView>
      <CostSeriesPanel id="overview-cost" />
      <QueryView query={byStatus} label="Loading runs by status…">
        {(data) => <RunsByStatusChart data={data} days={range.days} />}
      </QueryView>
      <QueryView query={summary} label="Loading run costs…">
        {(data) => <RunCostStats summary={data} />}
      </QueryView>
      <div className="card">
        <h2>Most expensive runs</h2>
        <QueryView query={topRuns}>{(runs) => <TopRunsTable runs={runs} />}</QueryView>
      </div>
    </>
  );
}
