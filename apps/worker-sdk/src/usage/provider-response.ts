import type { StepUsage } from "../api-types.js";
import { type AnthropicMessage, usageFromAnthropic } from "./anthropic.js";
import { field, isObject } from "./counts.js";
import { type GeminiResponse, usageFromGemini } from "./gemini.js";
import { type OpenAIResponse, usageFromOpenAI } from "./openai.js";
import { costFromOpenRouter, type OpenRouterResponse, usageFromOpenRouter } from "./openrouter.js";

export type ProviderName = "openai" | "anthropic" | "gemini" | "openrouter";

export const PROVIDER_NAMES: readonly ProviderName[] = [
  "openai",
  "anthropic",
  "gemini",
  "openrouter",
];

/** A response of one of the providers the SDK maps: what scope.step takes as a step. */
export type ProviderResponse =
  | OpenAIResponse
  | AnthropicMessage
  | GeminiResponse
  | OpenRouterResponse;

/** A provider response with its provider said outright, for responses detection cannot place. */
export interface ProviderCall<R extends ProviderResponse = ProviderResponse> {
  provider?: ProviderName;
  response: R;
}

/** What a step records from a provider response. */
export interface ResponseStep {
  model: string | null;
  usage: StepUsage;
  /** The provider's own charge, where its response states one (OpenRouter). */
  costUsd: number | null;
}

/**
 * Which provider's response this is, from the keys only that provider uses; null when
 * the shape does not say (e.g. usage with nothing but input_tokens and output_tokens,
 * which OpenAI and Anthropic count differently).
 */
export function detectProvider(response: unknown): ProviderName | null {
  if (!isObject(response)) return null;
  if (isObject(response.usageMetadata)) return "gemini";
  const usage = response.usage;
  if (!isObject(usage)) return null;
  if (typeof usage.cost === "number" || "is_byok" in usage) return "openrouter";
  if ("prompt_tokens" in usage) return "openai";
  if (
    response.type === "message" ||
    "cache_creation_input_tokens" in usage ||
    "cache_read_input_tokens" in usage ||
    "cache_creation" in usage ||
    "server_tool_use" in usage
  ) {
    return "anthropic";
  }
  if (
    response.object === "response" ||
    "input_tokens_details" in usage ||
    "output_tokens_details" in usage ||
    "input_token_details" in usage
  ) {
    return "openai";
  }
  return null;
}

function modelOf(response: unknown, key: string): string | null {
  const model = field(response, key);
  return typeof model === "string" && model !== "" ? model : null;
}

/**
 * The model, usage and (OpenRouter) cost of a provider response, by the provider given or
 * else the one its shape names; a TypeError when neither says which it is.
 */
export function stepFromResponse(
  response: ProviderResponse,
  provider?: ProviderName,
): ResponseStep {
  if (provider !== undefined && !PROVIDER_NAMES.includes(provider)) {
    throw new TypeError(
      `Unknown provider "${String(provider)}": use one of ${PROVIDER_NAMES.join(", ")}`,
    );
  }
  const from = provider ?? detectProvider(response);
  switch (from) {
    case "openai":
      return {
        model: modelOf(response, "model"),
        usage: usageFromOpenAI(response as OpenAIResponse),
        costUsd: null,
      };
    case "anthropic":
      return {
        model: modelOf(response, "model"),
        usage: usageFromAnthropic(response as AnthropicMessage),
        costUsd: null,
      };
    case "gemini":
      return {
        model: modelOf(response, "modelVersion"),
        usage: usageFromGemini(response as GeminiResponse),
        costUsd: null,
      };
    case "openrouter":
      return {
        model: modelOf(response, "model"),
        usage: usageFromOpenRouter(response as OpenRouterResponse),
        costUsd: costFromOpenRouter(response as OpenRouterResponse),
      };
    case null:
      throw new TypeError(
        `Cannot tell which provider this response is from: pass { provider: "${PROVIDER_NAMES.join('" | "')}", response }`,
      );
  }
}
