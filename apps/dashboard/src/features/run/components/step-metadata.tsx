import type { StepRow } from "../api/use-run";
import { stepLabel } from "../step-charts";

/** Each step's metadata as indented JSON text, only for steps that sent some. */
export function StepMetadata(props: { steps: readonly StepRow[] }) {
  const withMetadata = props.steps.filter(
    (step) => step.metadata && Object.keys(step.metadata).length > 0,
  );
  if (withMetadata.length === 0) return null;
  return (
    <section className="card" aria-labelledby="step-metadata-title">
      <h2 id="step-metadata-title">Step metadata</h2>
      {withMetadata.map((step) => (
        <details key={step.step_id}>
          <summary>{stepLabel(step)}</summary>
          <pre className="json">{JSON.stringify(step.metadata, null, 2)}</pre>
        </details>
      ))}
    </section>
  );
}
