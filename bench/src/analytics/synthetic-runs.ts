import { formatRunId } from "@columnline/domain";
import { randomInt, seededRandom, weighted } from "./random";

/** Unit prices in 1e-10 USD per token (list prices per million tokens × 10,000). */
const MODELS = [
  { model: "gpt-4o", provider: "openai", input: 25_000, output: 100_000, weight: 30 },
  { model: "gpt-4o-mini", provider: "openai", input: 1_500, output: 6_000, weight: 25 },
  { model: "claude-sonnet-4-5", provider: "anthropic", input: 30_000, output: 150_000, weight: 25 },
  { model: "claude-haiku-4-5", provider: "anthropic", input: 10_000, output: 50_000, weight: 10 },
  { model: "gemini-2.5-flash", provider: "google", input: 3_000, output: 25_000, weight: 10 },
] as const;
const MODEL_CHOICES = MODELS.map((entry) => [entry, entry.weight] as const);
const STEP_NAMES = [
  "research",
  "enrich",
  "draft",
  "review",
  "assemble",
  "summarize",
  "qa",
  "format",
];
const ERRORS = ["step research timed out", "provider returned 529 overloaded", "invalid lead URL"];
const SIGNALS = ["hiring a VP of sales", "raised a series B", "opened an office in Austin"];

export const CLIENT_COUNT = 40;
export const clientId = (index: number) => `CLT_BENCH_C${String(index + 1).padStart(3, "0")}`;

export interface SyntheticStep {
  stepId: string;
  stepName: string;
  model: string;
  provider: string;
  inputTokens: number;
  outputTokens: number;
  costUnits: number;
  recordedAt: Date;
}

export interface SyntheticRun {
  runId: string;
  clientId: string;
  dossierId: string | null;
  status: "pending" | "running" | "completed" | "failed";
  triggeredBy: string;
  startedAt: Date;
  completedAt: Date | null;
  lastActivityAt: Date;
  errorMessage: string | null;
  seedData: string;
  configSnapshot: string;
  steps: SyntheticStep[];
  /** The sums of `steps`: what the run's totals must equal. */
  totalTokens: number;
  totalCostUnits: number;
}

export interface SyntheticOptions {
  runs: number;
  steps: number;
  /** The newest run starts shortly before this instant; the oldest a year earlier. */
  end: Date;
  seed?: number;
}

const SPAN_SECONDS = 365 * 86_400;

/**
 * `runs` runs over a year, oldest first, with exactly `steps` steps in all:
 * 40 clients (a few big ones), mostly completed, ~9% failed, the newest few
 * running or pending (pending runs have no steps), five models. Deterministic:
 * the same options give the same runs, so the runs and the steps can be
 * streamed in two passes.
 */
export function* syntheticRuns(options: SyntheticOptions): Generator<SyntheticRun> {
  const { runs, steps } = options;
  const spacing = Math.floor(SPAN_SECONDS / runs);
  if (spacing < 1) throw new Error(`at most ${SPAN_SECONDS} runs (one per second for a year)`);
  const random = seededRandom(options.seed ?? 20260115);
  const start = options.end.getTime() - SPAN_SECONDS * 1000;
  const recent = Math.max(1, Math.round(runs * 0.004));
  const mean = steps / runs;
  const jitterLimit = Math.max(0, Math.min(3, Math.floor(mean) - 1));
  let emitted = 0;
  let day = "";
  let dossiersToday = 0;

  for (let index = 0; index < runs; index++) {
    const startedAt = new Date(
      start + (index * spacing + randomInt(random, 0, spacing - 1)) * 1000,
    );
    const runId = formatRunId(startedAt);
    const runDay = runId.slice(4, 12);
    dossiersToday = runDay === day ? dossiersToday + 1 : 0;
    day = runDay;
    const isLast = index === runs - 1;
    const status =
      index >= runs - recent
        ? isLast || random() < 0.75
          ? "running"
          : "pending"
        : random() < 0.91
          ? "completed"
          : "failed";

    // Steps: jittered around the running target, so the grand total is exact.
    const target = Math.floor(((index + 1) * steps) / runs);
    const jitter = index >= runs - 16 ? 0 : randomInt(random, -jitterLimit, jitterLimit);
    const count =
      status === "pending" ? 0 : isLast ? steps - emitted : Math.max(0, target - emitted + jitter);
    if (count < 0) throw new Error("step allocation overshot; use more runs or steps");
    emitted += count;

    const durationSec = randomInt(random, 60, 1800);
    const endedAt = new Date(startedAt.getTime() + durationSec * 1000);
    const runSteps: SyntheticStep[] = [];
    let totalTokens = 0;
    let totalCostUnits = 0;
    for (let stepIndex = 0; stepIndex < count; stepIndex++) {
      const price = weighted(random, MODEL_CHOICES);
      const inputTokens = randomInt(random, 500, 12_000);
      const outputTokens = randomInt(random, 100, 2_500);
      const costUnits = inputTokens * price.input + outputTokens * price.output;
      const stepName = STEP_NAMES[stepIndex % STEP_NAMES.length] ?? "step";
      runSteps.push({
        stepId: `${stepName}_${stepIndex + 1}`,
        stepName,
        model: price.model,
        provider: price.provider,
        inputTokens,
        outputTokens,
        costUnits,
        recordedAt: new Date(
          startedAt.getTime() + Math.floor(((stepIndex + 1) * durationSec * 1000) / (count + 1)),
        ),
      });
      totalTokens += inputTokens + outputTokens;
      totalCostUnits += costUnits;
    }

    const client = Math.floor(CLIENT_COUNT * random() ** 2);
    const finished = status === "completed" || status === "failed";
    yield {
      runId,
      clientId: clientId(client),
      // DOSS_<day>_1000..9999: unique while a day has at most 9,000 runs.
      dossierId: dossiersToday < 9000 ? `DOSS_${runDay}_${1000 + dossiersToday}` : null,
      status,
      triggeredBy: weighted(random, [
        ["make.com", 70],
        ["api", 25],
        ["manual", 5],
      ]),
      startedAt,
      completedAt: finished ? endedAt : null,
      lastActivityAt:
        status === "pending"
          ? startedAt
          : new Date(Math.min(endedAt.getTime(), options.end.getTime())),
      errorMessage: status === "failed" ? (ERRORS[index % ERRORS.length] ?? "failed") : null,
      seedData: JSON.stringify({
        lead_url: `https://leads.example.com/l/${index}`,
        signal_description: SIGNALS[index % SIGNALS.length],
      }),
      configSnapshot: JSON.stringify({ tone: client % 2 ? "formal" : "casual", tier: client % 3 }),
      steps: runSteps,
      totalTokens,
      totalCostUnits,
    };
  }
}
