import type { StepUsage } from "../api-types.js";
import {
  type ProviderCall,
  type ProviderName,
  type ProviderResponse,
  stepFromResponse,
} from "../usage/provider-response.js";

/** What a step's body returns: its result and the usage you mapped yourself. */
export interface UsageOutcome<T> {
  result: T;
  usage: StepUsage;
  /** The model that answered; falls back to the step's `model` option. */
  model?: string | null;
  costUsd?: number | string | null;
  /** Added to the step's metadata (over StepOptions.metadata), e.g. the finish reason. */
  metadata?: Record<string, unknown>;
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
  /** Added to the step's metadata (over StepOptions.metadata). */
  metadata?: Record<string, unknown>;
}

export type StepOutcome<T> = UsageOutcome<T> | ResponseOutcome<T>;
export type StepSource =
  | (() => Promise<StepOutcome<unknown> | ProviderResponse>)
  | ProviderResponse
  | ProviderCall;

export interface ResolvedStep {
  result: unknown;
  model: string | null;
  usage: StepUsage;
  costUsd: number | string | null;
  metadata?: Record<string, unknown> | undefined;
}

const STEP_SHAPES =
  "{ result, usage }, { result, response }, a provider response or { provider, response }";

/** What a step returned or was given, as what to record and what to answer. */
export function resolveStep(stepName: string, source: unknown): ResolvedStep {
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
        metadata: outcome.metadata,
      };
    }
    if (outcome.response !== undefined) {
      const mapped = stepFromResponse(outcome.response, outcome.provider);
      return {
        result: outcome.result,
        model: outcome.model ?? mapped.model,
        usage: mapped.usage,
        costUsd: outcome.costUsd ?? mapped.costUsd,
        metadata: outcome.metadata,
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
