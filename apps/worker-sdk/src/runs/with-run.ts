import type { RecordedStep, Run, StepUsage } from "../api-types.js";
import type { RunsClient } from "../client/create-runs-client.js";
import { recordStep, type StepRecord } from "../steps/record-step.js";
import { deriveStepId } from "../steps/step-id.js";
import {
  type ProviderCall,
  type ProviderName,
  type ProviderResponse,
  stepFromResponse,
} from "../usage/provider-response.js";
import { type CreateRunOptions, createRun } from "./create-run.js";

/** An existing run (created by Make.com or the CLI, pending or running): the wrapper starts it. */
export interface ExistingRunOptions {
  runId: string;
}

/** A new run: the wrapper creates it as running. */
export type NewRunOptions = Omit<CreateRunOptions, "status">;

export type WithRunOptions = ExistingRunOptions | NewRunOptions;

/** What a step's body returns: its result and the usage you mapped yourself. */
export interface UsageOutcome<T> {
  result: T;
  usage: StepUsage;
  /** The model that answered; falls back to the step's `model` option. */
  model?: string | null;
  costUsd?: number | string | null;
}

/** What a step's body returns: its result and the provider's response, whose usage is mapped. */
export interface ResponseOutcome<T> {
  result: T;
  response: ProviderResponse;
  /** Which provider answered, when the response's shape does not say. */
  provider?: ProviderName;
  /** Wins over the response's model. */
  model?: string | null;
  /** Wins over a cost the response states (OpenRouter's). */
  costUsd?: number | string | null;
}

export type StepOutcome<T> = UsageOutcome<T> | ResponseOutcome<T>;

export interface StepOptions {
  /** Your own stable id, e.g. per item of a loop; derived from the run and step name otherwise. */
  stepId?: string;
  model?: string;
}

/** The run the body works in. */
export interface RunScope {
  readonly runId: string;
  /** The run as it was started. */
  readonly run: Run;
  /**
   * Runs one step and records its usage. The nth step of a name gets the id
   * `<run_id>:<name>` (then `:2`, `:3`, ... counted when step() is called, so
   * parallel steps keep their ids across re-runs). A body that throws records nothing.
   */
  step<T>(stepName: string, body: () => Promise<StepOutcome<T>>, options?: StepOptions): Promise<T>;
  /** Runs a provider call and records its response's model and usage; answers the response. */
  step<R extends ProviderResponse>(
    stepName: string,
    body: () => Promise<R>,
    options?: StepOptions,
  ): Promise<R>;
  /** Records a call already made from its response (OpenAI, Anthropic, Gemini, OpenRouter); answers it. */
  step<R extends ProviderResponse>(
    stepName: string,
    response: R | ProviderCall<R>,
    options?: StepOptions,
  ): Promise<R>;
  /** Records usage you measured yourself. */
  recordStep(step: StepRecord): Promise<RecordedStep>;
}

const MAX_ERROR_MESSAGE_LENGTH = 2_000;

/** The API wants 1 to 2,000 characters of error_message. */
export function failureMessage(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  const trimmed = text.trim() || "The pipeline failed without an error message";
  return trimmed.length > MAX_ERROR_MESSAGE_LENGTH
    ? `${trimmed.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…`
    : trimmed;
}

async function startRun(client: RunsClient, options: WithRunOptions): Promise<Run> {
  if ("clientId" in options && options.clientId !== undefined) {
    return createRun(client, { ...options, status: "running" });
  }
  if (typeof options.runId !== "string" || options.runId === "") {
    throw new TypeError("withRun needs { runId } of an existing run or { clientId } for a new one");
  }
  // Starting a run that is already running is a no-op: a re-run of the wrapper is fine.
  return client.runs.start.mutate({ run_id: options.runId });
}

type StepSource =
  | (() => Promise<StepOutcome<unknown> | ProviderResponse>)
  | ProviderResponse
  | ProviderCall;

interface ResolvedStep {
  result: unknown;
  model: string | null;
  usage: StepUsage;
  costUsd: number | string | null;
}

const STEP_SHAPES =
  "{ result, usage }, { result, response }, a provider response or { provider, response }";

/** What a step returned or was given, as what to record and what to answer. */
function resolveStep(stepName: string, source: unknown): ResolvedStep {
  if (typeof source !== "object" || source === null) {
    throw new TypeError(`Step "${stepName}" must return ${STEP_SHAPES}`);
  }
  if ("result" in source) {
    const outcome = source as Partial<UsageOutcome<unknown> & ResponseOutcome<unknown>>;
    if (outcome.usage !== undefined) {
      return {
        result: outcome.result,
        model: outcome.model ?? null,
        usage: outcome.usage,
        costUsd: outcome.costUsd ?? null,
      };
    }
    if (outcome.response !== undefined) {
      const mapped = stepFromResponse(outcome.response, outcome.provider);
      return {
        result: outcome.result,
        model: outcome.model ?? mapped.model,
        usage: mapped.usage,
        costUsd: outcome.costUsd ?? mapped.costUsd,
      };
    }
    throw new TypeError(`Step "${stepName}" must return ${STEP_SHAPES}`);
  }
  // { provider, response } rather than a response: responses carry usage at their top level.
  if ("response" in source && !("usage" in source) && !("usageMetadata" in source)) {
    const call = source as ProviderCall;
    return { result: call.response, ...stepFromResponse(call.response, call.provider) };
  }
  return { result: source, ...stepFromResponse(source as ProviderResponse) };
}

function createScope(client: RunsClient, run: Run): RunScope {
  const occurrences = new Map<string, number>();

  function step<T>(
    stepName: string,
    body: () => Promise<StepOutcome<T>>,
    options?: StepOptions,
  ): Promise<T>;
  function step<R extends ProviderResponse>(
    stepName: string,
    body: () => Promise<R>,
    options?: StepOptions,
  ): Promise<R>;
  function step<R extends ProviderResponse>(
    stepName: string,
    response: R | ProviderCall<R>,
    options?: StepOptions,
  ): Promise<R>;
  async function step(
    stepName: string,
    source: StepSource,
    options: StepOptions = {},
  ): Promise<unknown> {
    const occurrence = (occurrences.get(stepName) ?? 0) + 1;
    occurrences.set(stepName, occurrence);
    const stepId = options.stepId ?? deriveStepId(run.run_id, stepName, occurrence);
    const resolved = resolveStep(stepName, typeof source === "function" ? await source() : source);
    await recordStep(client, run.run_id, {
      stepId,
      stepName,
      model: resolved.model ?? options.model ?? null,
      usage: resolved.usage,
      costUsd: resolved.costUsd,
    });
    return resolved.result;
  }

  return {
    runId: run.run_id,
    run,
    step,
    recordStep: (step) => recordStep(client, run.run_id, step),
  };
}

/**
 * Starts a run, runs `body` in it, completes it and answers the body's result
 * with the completed run (its total_cost included). If the body throws, the
 * run is failed with the error's message and the error is rethrown as is.
 */
export async function withRun<T>(
  client: RunsClient,
  options: WithRunOptions,
  body: (run: RunScope) => Promise<T>,
): Promise<{ result: T; run: Run }> {
  const run = await startRun(client, options);
  let result: T;
  try {
    result = await body(createScope(client, run));
  } catch (error) {
    try {
      await client.runs.fail.mutate({ run_id: run.run_id, error_message: failureMessage(error) });
    } catch {
      // The body's error is the one that matters; a run left running is failed by the API's reaper.
    }
    throw error;
  }
  const completed = await client.runs.complete.mutate({ run_id: run.run_id });
  return { result, run: completed };
}
