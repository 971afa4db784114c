import { Link } from "wouter";
import { DataTable } from "../../../components/data-table";
import { EmptyState, QueryView } from "../../../components/states";
import { formatCount, formatDateTime } from "../../../lib/format";
import { useUnpricedSteps } from "../../overview/api/use-unpriced-steps";

/** The steps without a price in the range: the models to add an override for. */
export function UnpricedStepsSection(props: { timeZone: string }) {
  const unpriced = useUnpricedSteps(20);
  return (
    <section className="card" id="unpriced" aria-labelledby="unpriced-title">
      <h2 id="unpriced-title">Unpriced steps</h2>
      <QueryView query={unpriced}>
        {(data) =>
          data.total === 0 ? (
            <EmptyState title="Every step in this range has a price." />
          ) : (
            <DataTable
              caption={`${formatCount(data.total)} unpriced steps (the latest ${data.steps.length})`}
              rows={data.steps}
              rowKey={(step) => `${step.run_id}/${step.step_id}`}
              columns={[
                {
                  header: "Run",
                  cell: (step) => <Link href={`/runs/${step.run_id}`}>{step.run_id}</Link>,
                },
                { header: "Step", cell: (step) => step.step_name ?? step.step_id },
                { header: "Model", cell: (step) => step.model ?? "—" },
                { header: "Why", cell: (step) => step.reason ?? "—" },
                {
                  header: `Recorded (${props.timeZone})`,
                  cell: (step) => formatDateTime(step.recorded_at, props.timeZone),
                },
              ]}
            />
          )
        }
      </QueryView>
    </section>
  );
}
