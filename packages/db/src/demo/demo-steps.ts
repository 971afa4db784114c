import type { UsageInput } from "@columnline/domain";
import type { DemoRandom } from "./demo-random";

/** One step of a demo run: what the pipeline called, for how long, with which usage. */
export interface DemoStep {
  stepName: string;
  model: string;
  usage: UsageInput;
  durationMs: number;
  metadata: Record<string, unknown>;
}

type StepMaker = (random: DemoRandom) => DemoStep;

const step = (
  stepName: string,
  model: string,
  usage: UsageInput,
  durationMs: number,
  promptVersion: string,
  random: DemoRandom,
): DemoStep => ({
  stepName,
  model,
  usage,
  durationMs,
  metadata: {
    prompt_version: promptVersion,
    attempt: random.chance(0.06) ? 2 : 1,
    finish_reason: random.chance(0.03) ? "length" : "stop",
  },
});

/** The dossier pipeline's steps, each on a real model of the catalog (and one house model). */
export const researchStep: StepMaker = (r) =>
  r.chance(0.4)
    ? step(
        "research",
        "sonar",
        { input_tokens: r.int(1500, 4000), output_tokens: r.int(400, 1100), requests: 1 },
        r.int(5000, 18000),
        "research-v3",
        r,
      )
    : step(
        "research",
        "gpt-4o",
        { input_tokens: r.int(2000, 6000), output_tokens: r.int(400, 1200) },
        r.int(4000, 20000),
        "research-v3",
        r,
      );

export const enrichStep: StepMaker = (r) =>
  step(
    "enrich",
    "gpt-4o-mini",
    { input_tokens: r.int(800, 2000), output_tokens: r.int(200, 600) },
    r.int(1000, 4000),
    "enrich-v2",
    r,
  );

export const writeStep: StepMaker = (r) => {
  const input = r.int(6000, 15000);
  return step(
    "write_dossier",
    "claude-sonnet-4-5",
    {
      input_tokens: input,
      output_tokens: r.int(1200, 3000),
      cache_read_tokens: r.int(1500, Math.min(5000, input)),
    },
    r.int(15000, 45000),
    "dossier-v7",
    r,
  );
};

export const reviewStep: StepMaker = (r) => {
  const output = r.int(900, 2200);
  return step(
    "review",
    "o4-mini",
    {
      input_tokens: r.int(3000, 5000),
      output_tokens: output,
      reasoning_tokens: r.int(300, output - 300),
    },
    r.int(5000, 20000),
    "review-v1",
    r,
  );
};

export const summaryStep: StepMaker = (r) =>
  step(
    "summary",
    r.pick(["gemini-2.5-flash", "claude-haiku-4-5"]),
    { input_tokens: r.int(1500, 3500), output_tokens: r.int(150, 400) },
    r.int(1000, 3000),
    "summary-v2",
    r,
  );

/** A house model the catalog does not know: its steps stay unpriced (the dashboard warns). */
export const rerankStep: StepMaker = (r) =>
  step(
    "rerank_sources",
    "acme-rerank-v2",
    { input_tokens: r.int(3000, 8000), output_tokens: r.int(50, 200) },
    r.int(300, 1500),
    "rerank-v1",
    r,
  );

/** A run's steps in order: research, enrich, write, review, sometimes a summary or a rerank. */
export function pipelineSteps(random: DemoRandom): DemoStep[] {
  const steps = [researchStep(random)];
  if (random.chance(0.05)) steps.push(rerankStep(random));
  steps.push(enrichStep(random), writeStep(random), reviewStep(random));
  if (random.chance(0.5)) steps.push(summaryStep(random));
  return steps;
}
