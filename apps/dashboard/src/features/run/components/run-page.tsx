import { canTransition } from "@columnline/domain/status";
import { Link } from "wouter";
import { useTimeSettings } from "../../../app/time-settings";
import { EmptyState, QueryView } from "../../../components/states";
import { useMay } from "../../session/session-context";
import { useRun, useRunSteps } from "../api/use-run";
import { FailRunForm } from "./fail-run-form";
import { JsonBlock } from "./json-block";
import { RunSummary } from "./run-summary";
import { StepChartsPanel } from "./step-charts-panel";
import { StepMetadata } from "./step-metadata";
import { StepsTable } from "./steps-table";

export function RunPage(props: { runId: string }) {
  const run = useRun(props.runId);
  const steps = useRunSteps(props.runId, run.data?.status);
  const { timeZone } = useTimeSettings();
  const mayWrite = useMay("runs:write");
  return (
    <section className="page">
      <p>
        <Link href="/runs">← Runs</Link>
      </p>
      <h1>Run {props.runId}</h1>
      <QueryView query={run} label="Loading the run…">
        {(detail) => (
          <>
            <RunSummary run={detail} timeZone={timeZone} stepCount={steps.data?.length ?? 0} />
            {mayWrite && canTransition(detail.status, "failed") && (
              <FailRunForm runId={detail.run_id} />
            )}
            <QueryView query={steps} label="Loading steps…">
              {(rows) =>
                rows.length === 0 ? (
                  <EmptyState title="No steps recorded yet." />
                ) : (
                  <>
                    <StepChartsPanel steps={rows} runStartedAt={detail.started_at} />
                    <div className="card">
                      <h2>Steps</h2>
                      <StepsTable steps={rows} />
                    </div>
                    <StepMetadata steps={rows} />
                  </>
                )
              }
            </QueryView>
            <div className="chart-pair">
              <JsonBlock title="Seed data" value={detail.seed_data} />
              <JsonBlock title="Config snapshot" value={detail.config_snapshot} />
            </div>
          </>
        )}
      </QueryView>
    </section>
  );
}
