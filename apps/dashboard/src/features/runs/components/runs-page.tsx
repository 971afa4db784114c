import { useSearchParams } from "wouter";
import { FirstRunHelp } from "../../../components/first-run-help";
import { TimeControls } from "../../../components/time-controls";
import { useLedgerHasRuns } from "../api/use-ledger-has-runs";
import { filtersFromSearch, filtersToSearch } from "../filters";
import { RunsFilterForm } from "./runs-filter-form";
import { RunsList } from "./runs-list";

export function RunsPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFromSearch(params);
  const key = filtersToSearch(filters).toString();
  const hasRuns = useLedgerHasRuns();
  return (
    <section className="page">
      <div className="page-head">
        <h1>Runs</h1>
        <TimeControls />
      </div>
      {hasRuns.data === false && <FirstRunHelp />}
      <RunsFilterForm filters={filters} onChange={(next) => setParams(filtersToSearch(next))} />
      {/* Keyed by the filters: new filters start again at the first page. */}
      <RunsList key={key} filters={filters} />
    </section>
  );
}
