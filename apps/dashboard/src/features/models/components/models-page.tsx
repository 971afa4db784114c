import { useTimeSettings } from "../../../app/time-settings";
import { QueryView } from "../../../components/states";
import { TimeControls } from "../../../components/time-controls";
import { CostSeriesPanel } from "../../cost-series/components/cost-series-panel";
import { useModelCosts } from "../api/use-prices";
import { ModelCostsTable } from "./model-costs-table";
import { OverridesSection } from "./overrides-section";
import { PriceLookup } from "./price-lookup";
import { UnpricedStepsSection } from "./unpriced-steps-section";

export function ModelsPage() {
  const { timeZone } = useTimeSettings();
  const costs = useModelCosts();
  return (
    <section className="page">
      <div className="page-head">
        <h1>Models and prices</h1>
        <TimeControls />
      </div>
      <CostSeriesPanel id="model-cost" groupings={["model"]} />
      <div className="card">
        <h2>Tokens and cost by model</h2>
        <QueryView query={costs}>{(rows) => <ModelCostsTable rows={rows} />}</QueryView>
      </div>
      <PriceLookup />
      <UnpricedStepsSection timeZone={timeZone} />
      <OverridesSection timeZone={timeZone} />
    </section>
  );
}
