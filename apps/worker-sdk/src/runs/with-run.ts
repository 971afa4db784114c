import type { RecordedStep, Run } from "../api-types.js";
import type { RunsClient } from "../client/create-runs-client.js";
import { recordStep, type StepRecord } from "../steps/record-step.js";
import { resolveStep, type StepOutcome, type StepSource } from "../steps/resolve-step.js";
import { deriveStepId } from "../steps/step-id.js";
import { timeStep } from "../steps/time-step.js";
import type { ProviderCall, ProviderResponse } from "../usage/provider-response.js";
import { type CreateRunOptions, createRun } from "./create-run.js";

/** An existing run (created by Make.com or the CLI, pending or running): the wrapper starts it. */
export interface ExistingRunOptions {
  runId: string;
}

/** A new run: the wrapper creates it as running. */
export type NewRunOptions = Omit<CreateRunOptions, "status">;

export type WithRunOptions = ExistingRunOptions | NewRunOptions;

export interface StepOptions {
  /** Your own stable id, e.g. per item of a loop; derived from the run and step name otherwise. */
  stepId?: string;
  model?: string;
  /** Your own JSON object about the step (prompt version, trace id...), at most 16 KB. */
  metadata?: Record<string, unknown>;
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
   * The step's started_at and duration_ms are measured around the body.
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
    // A callback is timed; a response handed over ran before we saw it.
    const timed = typeof source === "function" ? await timeStep(source) : null;
    const resolved = resolveStep(stepName, timed ? timed.value : source);
    const metadata = { ...options.metadata, ...resolved.metadata };
    await recordStep(client, run.run_id, {
      stepId,
      stepName,
      model: resolved.model ?? options.model ?? null,
      usage: resolved.usage,
      costUsd: resolved.costUsd,
      ...(timed ? { startedAt: timed.startedAt, durationMs: timed.durationMs } : {}),
      ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
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
