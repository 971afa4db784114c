/**
 * The load the reliability suite puts on the running service: many concurrent clients
 * recording steps over REST and tRPC, with retried duplicates and conflicting reuses of a
 * step_id, retrying what the service asks them to retry (503) or could not answer (a crash).
 */
import { formatRunId } from "@columnline/domain";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../../../src/index";
import { sleep } from "../../support/service";

/** A small deterministic PRNG (mulberry32): the same seed makes the same load. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Surface = "rest" | "trpc";
type Kind = "original" | "duplicate" | "conflict";

export interface StepBody {
  step_id: string;
  step_name: string;
  model?: string;
  usage: {
    input_tokens: number;
    output_tokens: number;
    cache_read_tokens?: number;
    reasoning_tokens?: number;
  };
  cost_usd?: string;
}

interface StepRequest {
  runId: string;
  body: StepBody;
  surface: Surface;
  kind: Kind;
  followUps: StepRequest[];
}

export interface AcceptedStep {
  runId: string;
  stepId: string;
  tokens: number;
  /** The cost the service answered with (a trimmed decimal string), null when unpriced. */
  cost: string | null;
}

/** Acknowledged steps by "run_id/step_id". */
export type AcceptedStepMap = Map<string, AcceptedStep>;

export interface Unexpected {
  kind: Kind;
  surface: Surface;
  status: number | string;
  detail: string;
}

export interface LoadReport {
  /** Logical requests (a retried request counts once). */
  requests: number;
  /** HTTP attempts, retries included. */
  attempts: number;
  bySurface: Record<Surface, number>;
  originals: number;
  duplicates: number;
  conflicts: number;
  /** Originals answered 201 (new step). */
  created: number;
  /** Originals answered 200 duplicate:true: an earlier attempt had been recorded before it failed. */
  recoveredReplays: number;
  /** Duplicates answered 200 duplicate:true. */
  replayed: number;
  /** Conflicting reuses answered 409. */
  rejected409: number;
  /** Attempts answered 503 (retried). */
  unavailable503: number;
  /** Attempts that got no HTTP answer: refused or reset connections (retried). */
  networkErrors: number;
  /** Attempts the client gave up on after its timeout: must stay 0. */
  aborted: number;
  /** Logical requests that needed more than one attempt. */
  retried: number;
  /** Answers that break the contract (5xx other than 503, a wrong status or body). */
  unexpected: Unexpected[];
  /** Every step the service acknowledged, by run_id/step_id. */
  accepted: AcceptedStepMap;
  /** Wall-clock times (Date.now()) of 2xx answers, for recovery measurements. */
  okTimes: number[];
  /** Wall-clock times of 503 answers. */
  unavailableTimes: number[];
  /** Wall-clock times at which aborted attempts had been sent. */
  abortedTimes: number[];
  durationMs: number;
}

export interface LoadPlan {
  runIds: string[];
  steps: number;
  /** Share of all requests that are retried duplicates (same step_id, same body). */
  duplicateShare: number;
  /** Share of all requests that reuse an acknowledged step_id with another body. */
  conflictShare: number;
  seed: number;
}

export interface LoadOptions {
  url: string;
  /** A runs:write key. */
  key: string;
  clients: number;
  /** Each attempt's client-side timeout (an AbortSignal). */
  timeoutMs: number;
  /** Longest a single request keeps retrying before it is recorded as unexpected. */
  retryForMs?: number;
  /** Called after each acknowledged original, with the count so far: a hook for faults. */
  onProgress?: (acknowledged: number, report: LoadReport) => void;
}

/** run_ids for `count` runs, one second apart from `from`. */
export function runIdsFrom(from: Date, count: number): string[] {
  return Array.from({ length: count }, (_, index) =>
    formatRunId(new Date(from.getTime() + index * 1000)),
  );
}

const MODELS = ["gpt-4o", "claude-sonnet-4-5", "openai/gpt-4o-mini"];
const STEP_NAMES = ["research", "enrich", "score", "draft", "review"];

function stepBody(random: () => number, stepId: string): StepBody {
  const inputTokens = 1 + Math.floor(random() * 8000);
  const outputTokens = Math.floor(random() * 2000);
  const body: StepBody = {
    step_id: stepId,
    step_name: STEP_NAMES[Math.floor(random() * STEP_NAMES.length)] ?? "research",
    usage: { input_tokens: inputTokens, output_tokens: outputTokens },
  };
  const pick = random();
  if (pick < 0.7) {
    body.model = MODELS[Math.floor(random() * MODELS.length)];
    if (random() < 0.3) body.usage.cache_read_tokens = Math.floor(random() * inputTokens);
    if (random() < 0.2) body.usage.reasoning_tokens = Math.floor(random() * outputTokens);
  } else if (pick < 0.9) {
    // A cost the caller reports, with all ten decimal places the ledger keeps.
    body.model = "in-house-llm";
    body.cost_usd = (random() * 0.05).toFixed(10);
  } else {
    body.model = "unknown-model-xyz"; // unpriced: counts tokens, adds no cost
  }
  return body;
}

/**
 * The requests: `steps` originals spread over the runs in random order; then, exactly,
 * enough duplicates and conflicts that they make duplicateShare and conflictShare of all
 * requests. A follow-up is sent only after its original was acknowledged, so a conflict
 * always meets the original and must get 409.
 */
export function planRequests(plan: LoadPlan): StepRequest[] {
  const random = prng(plan.seed);
  const surface = (): Surface => (random() < 0.5 ? "rest" : "trpc");
  const total = Math.round(plan.steps / (1 - plan.duplicateShare - plan.conflictShare));
  const duplicates = Math.round(total * plan.duplicateShare);
  const conflicts = Math.round(total * plan.conflictShare);
  const originals: StepRequest[] = [];
  for (let index = 0; index < plan.steps; index++) {
    const runId = plan.runIds[index % plan.runIds.length] ?? "";
    const stepId = `step-${Math.floor(index / plan.runIds.length)}`;
    originals.push({
      runId,
      body: stepBody(random, stepId),
      surface: surface(),
      kind: "original",
      followUps: [],
    });
  }
  const pickOriginal = () => originals[Math.floor(random() * originals.length)] as StepRequest;
  for (let count = 0; count < duplicates; count++) {
    const original = pickOriginal();
    original.followUps.push({ ...original, surface: surface(), kind: "duplicate", followUps: [] });
  }
  for (let count = 0; count < conflicts; count++) {
    const original = pickOriginal();
    const body: StepBody = {
      ...original.body,
      usage: { ...original.body.usage, output_tokens: original.body.usage.output_tokens + 1 },
    };
    original.followUps.push({
      ...original,
      body,
      surface: surface(),
      kind: "conflict",
      followUps: [],
    });
  }
  // Fisher-Yates with the seeded PRNG: runs get steps in random order, now and then at once.
  for (let index = originals.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [originals[index], originals[other]] = [
      originals[other] as StepRequest,
      originals[index] as StepRequest,
    ];
  }
  return originals;
}

type Outcome =
  | { type: "answer"; status: number; body: unknown }
  | { type: "network"; detail: string }
  | { type: "timeout"; detail: string };

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

const isTimeout = (error: unknown) =>
  causes(error).some(
    (item) => item instanceof Error && (item.name === "TimeoutError" || item.name === "AbortError"),
  );

export interface StepClient {
  send(request: { runId: string; body: StepBody; surface: Surface }): Promise<Outcome>;
}

/** One client per surface, sharing the process's keep-alive connection pool. */
export function createStepClient(url: string, key: string, timeoutMs: number): StepClient {
  const authorization = `Bearer ${key}`;
  const trpc = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: { authorization } })],
  });
  return {
    async send({ runId, body, surface }) {
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        if (surface === "rest") {
          const response = await fetch(`${url}/api/v1/runs/${runId}/steps`, {
            method: "POST",
            headers: { authorization, "content-type": "application/json" },
            body: JSON.stringify(body),
            signal,
          });
          const text = await response.text();
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Not JSON: kept as text, and the status tells.
          }
          return { type: "answer", status: response.status, body: parsed };
        }
        const output = await trpc.steps.record.mutate({ run_id: runId, ...body }, { signal });
        return { type: "answer", status: output.duplicate ? 200 : 201, body: output };
      } catch (error) {
        if (isTimeout(error)) return { type: "timeout", detail: String(error) };
        if (error instanceof TRPCClientError) {
          const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus;
          if (typeof status === "number") {
            return {
              type: "answer",
              status,
              body: {
                code: (error.data as { domainCode?: string }).domainCode,
                message: error.message,
              },
            };
          }
        }
        return { type: "network", detail: causes(error).map(String).join(" <- ") };
      }
    },
  };
}

interface RecordedStep {
  step: { step_id: string; tokens: number; cost: string | null };
  run: { run_id: string };
  duplicate: boolean;
}

const isRecorded = (body: unknown): body is RecordedStep =>
  typeof body === "object" && body !== null && "step" in body && "duplicate" in body;

/** Runs the plan with `clients` concurrent workers and reports what every request got. */
export async function runLoad(plan: StepRequest[], options: LoadOptions): Promise<LoadReport> {
  const client = createStepClient(options.url, options.key, options.timeoutMs);
  const retryForMs = options.retryForMs ?? 90_000;
  const report: LoadReport = {
    requests: 0,
    attempts: 0,
    bySurface: { rest: 0, trpc: 0 },
    originals: 0,
    duplicates: 0,
    conflicts: 0,
    created: 0,
    recoveredReplays: 0,
    replayed: 0,
    rejected409: 0,
    unavailable503: 0,
    networkErrors: 0,
    aborted: 0,
    retried: 0,
    unexpected: [],
    accepted: new Map(),
    okTimes: [],
    unavailableTimes: [],
    abortedTimes: [],
    durationMs: 0,
  };
  const queue = [...plan];
  let active = 0;
  let acknowledged = 0;
  const started = performance.now();

  const unexpected = (request: StepRequest, status: number | string, detail: unknown) =>
    report.unexpected.push({
      kind: request.kind,
      surface: request.surface,
      status,
      detail: typeof detail === "string" ? detail : JSON.stringify(detail).slice(0, 500),
    });

  async function execute(request: StepRequest): Promise<void> {
    report.requests += 1;
    report.bySurface[request.surface] += 1;
    report[`${request.kind}s`] += 1;
    const key = `${request.runId}/${request.body.step_id}`;
    const deadline = Date.now() + retryForMs;
    for (let attempt = 1; ; attempt++) {
      report.attempts += 1;
      if (attempt === 2) report.retried += 1;
      const sentAt = Date.now();
      const outcome = await client.send(request);
      if (outcome.type === "timeout") {
        report.aborted += 1;
        report.abortedTimes.push(sentAt);
      } else if (outcome.type === "network") {
        report.networkErrors += 1;
      } else if (outcome.status === 503) {
        report.unavailable503 += 1;
        report.unavailableTimes.push(Date.now());
        // A 503 is the service's own answer: JSON, code UNAVAILABLE, retryable.
        if ((outcome.body as { code?: string } | null)?.code !== "UNAVAILABLE") {
          unexpected(request, 503, outcome.body);
        }
      } else {
        if (outcome.status >= 200 && outcome.status < 300) report.okTimes.push(Date.now());
        settle(request, key, attempt, outcome.status, outcome.body);
        return;
      }
      if (Date.now() > deadline) {
        unexpected(request, outcome.type, `gave up after ${attempt} attempts`);
        return;
      }
      // Exponential backoff with jitter, capped low so recovery times stay measurable.
      await sleep(Math.min(500, 25 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random() / 2));
    }
  }

  function settle(
    request: StepRequest,
    key: string,
    attempt: number,
    status: number,
    body: unknown,
  ) {
    if (status >= 500) return unexpected(request, status, body);
    if (request.kind === "conflict") {
      if (status === 409 && (body as { code?: string }).code === "CONFLICT") {
        report.rejected409 += 1;
      } else unexpected(request, status, body);
      return;
    }
    if (!isRecorded(body) || (status !== 200 && status !== 201)) {
      return unexpected(request, status, body);
    }
    const { step } = body;
    const tokens = request.body.usage.input_tokens + request.body.usage.output_tokens;
    if (step.step_id !== request.body.step_id || step.tokens !== tokens) {
      return unexpected(request, status, body);
    }
    if (request.kind === "original") {
      if (!body.duplicate && status === 201) report.created += 1;
      // Only a retry may find its own earlier attempt recorded.
      else if (body.duplicate && status === 200 && attempt > 1) report.recoveredReplays += 1;
      else return unexpected(request, status, body);
      report.accepted.set(key, {
        runId: request.runId,
        stepId: request.body.step_id,
        tokens: step.tokens,
        cost: step.cost,
      });
      acknowledged += 1;
      options.onProgress?.(acknowledged, report);
      queue.push(...request.followUps);
      return;
    }
    // A retried duplicate: 200, nothing counted twice, the stored result.
    const stored = report.accepted.get(key);
    if (status === 200 && body.duplicate && stored && stored.cost === step.cost) {
      report.replayed += 1;
    } else unexpected(request, status, body);
  }

  async function worker(): Promise<void> {
    for (;;) {
      const request = queue.shift();
      if (request) {
        active += 1;
        try {
          await execute(request);
        } finally {
          active -= 1;
        }
        continue;
      }
      if (active === 0) return;
      await sleep(5);
    }
  }

  await Promise.all(Array.from({ length: options.clients }, worker));
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

/** A one-line summary of a load report for the console. */
export function describeLoad(label: string, report: LoadReport): string {
  const rate = Math.round((report.attempts / report.durationMs) * 1000);
  return [
    `[${label}] ${report.requests} requests (${report.attempts} attempts, ${rate}/s over ${(report.durationMs / 1000).toFixed(1)} s):`,
    `REST ${report.bySurface.rest}, tRPC ${report.bySurface.trpc};`,
    `originals ${report.originals} → 201 ${report.created}, 200 after retry ${report.recoveredReplays};`,
    `duplicates ${report.duplicates} → 200 ${report.replayed};`,
    `conflicts ${report.conflicts} → 409 ${report.rejected409};`,
    `503 ${report.unavailable503}, no answer ${report.networkErrors}, retried ${report.retried},`,
    `aborted ${report.aborted}, unexpected ${report.unexpected.length}`,
  ].join(" ");
}
