import type { TriggeredBy } from "@columnline/domain";
import { type DemoRandom, demoRandom } from "./demo-random";
import { type DemoStep, pipelineSteps } from "./demo-steps";

export interface DemoClient {
  clientId: string;
  name: string;
  config: Record<string, unknown>;
  /** Share of the runs. */
  weight: number;
}

export interface TimedDemoStep extends DemoStep {
  startedAt: Date;
}

export type DemoOutcome =
  | { status: "completed"; at: Date }
  | { status: "failed"; at: Date; errorMessage: string }
  | { status: "running" };

export interface DemoRun {
  clientId: string;
  startedAt: Date;
  triggeredBy: TriggeredBy;
  seedData: Record<string, unknown>;
  steps: TimedDemoStep[];
  outcome: DemoOutcome;
}

export const DEMO_CLIENTS: DemoClient[] = [
  {
    clientId: "CLT_ACME_001",
    name: "Acme Corp",
    config: { tier: "gold", tone: "formal" },
    weight: 0.4,
  },
  { clientId: "CLT_GLOBEX_002", name: "Globex", config: { tier: "silver" }, weight: 0.3 },
  {
    clientId: "CLT_INITECH_003",
    name: "Initech",
    config: { tier: "silver", language: "en-GB" },
    weight: 0.2,
  },
  {
    clientId: "CLT_UMBRELLA_004",
    name: "Umbrella Health",
    config: { tier: "bronze" },
    weight: 0.1,
  },
];

const LEADS = [
  "northwind",
  "contoso",
  "fabrikam",
  "tailspin",
  "wingtip",
  "adventure-works",
  "litware",
  "proseware",
];

const FAILURES = [
  "research step timed out after 120 s",
  "Anthropic API answered 529 (overloaded) three times",
  "OpenAI API answered 429: rate limit reached for gpt-4o",
  "the lead page returned 404; nothing to research",
];

const DAY_MS = 86_400_000;

function pickClient(random: DemoRandom): DemoClient {
  let roll = random.next();
  for (const client of DEMO_CLIENTS) {
    roll -= client.weight;
    if (roll < 0) return client;
  }
  return DEMO_CLIENTS[0] as DemoClient;
}

/** The steps laid end to end from `start`, a short gap between each. */
function timed(steps: DemoStep[], start: number, random: DemoRandom): TimedDemoStep[] {
  let at = start + random.int(100, 800);
  return steps.map((step) => {
    const startedAt = new Date(at);
    at += step.durationMs + random.int(150, 1500);
    return { ...step, startedAt };
  });
}

const stepEnd = (step: TimedDemoStep) => step.startedAt.getTime() + step.durationMs;

function demoRun(random: DemoRandom, start: number): DemoRun {
  const client = pickClient(random);
  const lead = random.pick(LEADS);
  const all = timed(pipelineSteps(random), start, random);
  const failed = random.chance(0.08);
  // A failed run stops after one to three steps; the step that failed records nothing.
  const steps = failed ? all.slice(0, random.int(1, 3)) : all;
  const last = steps[steps.length - 1];
  const end = (last ? stepEnd(last) : start) + random.int(200, 900);
  return {
    clientId: client.clientId,
    startedAt: new Date(start),
    triggeredBy: random.chance(0.55) ? "make.com" : random.chance(0.78) ? "api" : "manual",
    seedData: { lead_url: `https://${lead}.example/leads/${random.int(100, 999)}`, company: lead },
    steps,
    outcome: failed
      ? { status: "failed", at: new Date(end + 30_000), errorMessage: random.pick(FAILURES) }
      : { status: "completed", at: new Date(end) },
  };
}

/**
 * A month of demo runs ending before `now`, oldest first: 6 to 14 a day between 07:00 and
 * 21:00 UTC, about 8% failed, and one run stuck running (started 2 h 10 min ago with two
 * steps: the service's reaper fails it once RUN_TIMEOUT, 6 h by default, passes without
 * activity).
 */
export function demoPlan(now: Date, seed = 20_260_115): DemoRun[] {
  const random = demoRandom(seed);
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const runs: DemoRun[] = [];
  for (let day = 30; day >= 1; day--) {
    const starts = Array.from(
      { length: random.int(6, 14) },
      () => today - day * DAY_MS + random.int(7 * 3600, 21 * 3600) * 1000 + random.int(0, 999),
    ).sort((a, b) => a - b);
    for (const start of starts) runs.push(demoRun(random, start));
  }
  const stuckStart = now.getTime() - (2 * 60 + 10) * 60_000;
  const stuck = demoRun(random, stuckStart);
  runs.push({ ...stuck, steps: stuck.steps.slice(0, 2), outcome: { status: "running" } });
  return runs;
}
