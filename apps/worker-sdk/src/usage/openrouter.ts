import type { StepUsage } from "../api-types.js";
import { field, isObject } from "./counts.js";
import { type OpenAIChatUsage, openAIChatUsage, openAIUsageObject } from "./openai.js";

/** OpenRouter's `usage`: Chat Completions' plus what OpenRouter charged. */
export interface OpenRouterUsage extends OpenAIChatUsage {
  /** The charge in credits (USD); with your own key (BYOK), only OpenRouter's fee. */
  cost?: number | null;
  is_byok?: boolean | null;
  /** With BYOK, upstream_inference_cost is what the provider charged your key. */
  cost_details?: { upstream_inference_cost?: number | null } | null;
}

/** An OpenRouter chat completion: its model ("anthropic/claude-sonnet-4.5") and usage. */
export interface OpenRouterResponse {
  model?: string | null;
  usage?: OpenRouterUsage | null;
  /** Not a step outcome ({ result, ... }): keeps the two apart in scope.step's overloads. */
  result?: never;
}

const MAPPER = "usageFromOpenRouter";

/**
 * The API's usage from an OpenRouter chat completion (or its `usage` alone): the Chat
 * Completions mapping, cache writes (prompt_tokens_details.cache_write_tokens) included.
 * What it cost is `costFromOpenRouter`: scope.step sends it as the step's cost_usd.
 */
export function usageFromOpenRouter(response: OpenRouterResponse | OpenRouterUsage): StepUsage {
  return openAIChatUsage(MAPPER, openAIUsageObject(MAPPER, response));
}

function dollars(path: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new TypeError(
      `costFromOpenRouter: ${path} must be a non-negative number, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * What an OpenRouter call cost in USD (1 credit = 1 USD), null when the response does not
 * say. With your own provider key (is_byok), `cost` is only OpenRouter's fee, so the
 * provider's charge (cost_details.upstream_inference_cost) is added to it, and without
 * that charge the answer is null (the ledger then prices the tokens itself).
 */
export function costFromOpenRouter(response: OpenRouterResponse | OpenRouterUsage): number | null {
  const usage =
    isObject(response) && "prompt_tokens" in response ? response : field(response, "usage");
  const cost = dollars("usage.cost", field(usage, "cost"));
  if (cost === null || field(usage, "is_byok") !== true) return cost;
  const upstream = dollars(
    "usage.cost_details.upstream_inference_cost",
    field(field(usage, "cost_details"), "upstream_inference_cost"),
  );
  // Without the provider's charge the fee alone would understate the step: let the API price it.
  if (upstream === null) return null;
  // Both are USD with at most ~10 decimals; rounding drops the binary float's noise.
  return Number((cost + upstream).toFixed(12));
}
