import type { StepUsage } from "../api-types.js";
import {
  countReader,
  field,
  isObject,
  type ProviderCount,
  sumPresent,
  toStepUsage,
} from "./counts.js";

/** Chat Completions' `usage` (also Azure OpenAI's and most OpenAI-compatible APIs'). */
export interface OpenAIChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: ProviderCount;
  prompt_tokens_details?: {
    cached_tokens?: ProviderCount;
    audio_tokens?: ProviderCount;
    /** Azure and OpenRouter report prompt cache writes here. */
    cache_write_tokens?: ProviderCount;
  } | null;
  completion_tokens_details?: {
    reasoning_tokens?: ProviderCount;
    audio_tokens?: ProviderCount;
    accepted_prediction_tokens?: ProviderCount;
    rejected_prediction_tokens?: ProviderCount;
  } | null;
  /** Perplexity's, beside completion_tokens (not in it). */
  reasoning_tokens?: ProviderCount;
  /** Perplexity's, beside completion_tokens (not in it). */
  citation_tokens?: ProviderCount;
  /** Perplexity's web searches. */
  num_search_queries?: ProviderCount;
}

/** The Responses API's `usage`; the Realtime API's `input_token_details` too. */
export interface OpenAIResponsesUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens?: ProviderCount;
  input_tokens_details?: {
    cached_tokens?: ProviderCount;
    cache_write_tokens?: ProviderCount;
  } | null;
  output_tokens_details?: { reasoning_tokens?: ProviderCount } | null;
  input_token_details?: {
    cached_tokens?: ProviderCount;
    audio_tokens?: ProviderCount;
    image_tokens?: ProviderCount;
    cached_tokens_details?: { audio_tokens?: ProviderCount; image_tokens?: ProviderCount } | null;
  } | null;
  output_token_details?: { audio_tokens?: ProviderCount } | null;
}

/** A Chat Completion or a Responses API response: its model, usage and output items. */
export interface OpenAIResponse {
  model?: string | null;
  usage?: OpenAIChatUsage | OpenAIResponsesUsage | null;
  /** Responses API output items: web_search_call and file_search_call items are counted. */
  output?: readonly { type: string }[] | null;
  /** Not a step outcome ({ result, ... }): keeps the two apart in scope.step's overloads. */
  result?: never;
}

const MAPPER = "usageFromOpenAI";

/** The response's usage object, or the argument itself when it is one. */
export function openAIUsageObject(mapper: string, input: unknown): Record<string, unknown> {
  if (isObject(input) && ("prompt_tokens" in input || "input_tokens" in input)) return input;
  const usage = field(input, "usage");
  if (!isObject(usage)) {
    throw new TypeError(
      `${mapper}: the response has no usage (a stream reports it only in its last chunk, with stream_options.include_usage)`,
    );
  }
  return usage;
}

/** Chat Completions usage mapped; OpenRouter's usage is this shape plus its cost. */
export function openAIChatUsage(mapper: string, usage: Record<string, unknown>): StepUsage {
  const read = countReader(mapper);
  const prompt = usage.prompt_tokens_details;
  const completion = usage.completion_tokens_details;
  const perplexityReasoning = read.optional("usage.reasoning_tokens", usage.reasoning_tokens);
  const citations = read.optional("usage.citation_tokens", usage.citation_tokens);
  return toStepUsage({
    input_tokens: read.required("usage.prompt_tokens", usage.prompt_tokens),
    cache_read_tokens: read.optional(
      "usage.prompt_tokens_details.cached_tokens",
      field(prompt, "cached_tokens"),
    ),
    cache_write_tokens: read.optional(
      "usage.prompt_tokens_details.cache_write_tokens",
      field(prompt, "cache_write_tokens"),
    ),
    input_audio_tokens: read.optional(
      "usage.prompt_tokens_details.audio_tokens",
      field(prompt, "audio_tokens"),
    ),
    // OpenAI's completion_tokens holds reasoning, audio and rejected prediction tokens;
    // Perplexity reports its reasoning and citation tokens beside it, so they are added.
    output_tokens:
      read.required("usage.completion_tokens", usage.completion_tokens) +
      (perplexityReasoning ?? 0) +
      (citations ?? 0),
    reasoning_tokens: sumPresent(
      read.optional(
        "usage.completion_tokens_details.reasoning_tokens",
        field(completion, "reasoning_tokens"),
      ),
      perplexityReasoning,
    ),
    citation_tokens: citations,
    web_searches: read.optional("usage.num_search_queries", usage.num_search_queries),
    output_audio_tokens: read.optional(
      "usage.completion_tokens_details.audio_tokens",
      field(completion, "audio_tokens"),
    ),
  });
}

/** Output items of a type, counted only when the response lists any (never a guessed 0). */
function outputItems(output: unknown, type: string): number | undefined {
  if (!Array.isArray(output)) return undefined;
  const count = output.filter((item) => field(item, "type") === type).length;
  return count === 0 ? undefined : count;
}

function responsesUsage(usage: Record<string, unknown>, output: unknown): StepUsage {
  const read = countReader(MAPPER);
  const inputDetails = usage.input_tokens_details;
  const realtimeInput = usage.input_token_details;
  const realtimeCached = field(realtimeInput, "cached_tokens_details");
  return toStepUsage({
    input_tokens: read.required("usage.input_tokens", usage.input_tokens),
    cache_read_tokens: sumPresent(
      read.optional(
        "usage.input_tokens_details.cached_tokens",
        field(inputDetails, "cached_tokens"),
      ),
      read.optional(
        "usage.input_token_details.cached_tokens",
        field(realtimeInput, "cached_tokens"),
      ),
    ),
    cache_write_tokens: read.optional(
      "usage.input_tokens_details.cache_write_tokens",
      field(inputDetails, "cache_write_tokens"),
    ),
    input_audio_tokens: read.optional(
      "usage.input_token_details.audio_tokens",
      field(realtimeInput, "audio_tokens"),
    ),
    input_image_tokens: read.optional(
      "usage.input_token_details.image_tokens",
      field(realtimeInput, "image_tokens"),
    ),
    cache_audio_read_tokens: read.optional(
      "usage.input_token_details.cached_tokens_details.audio_tokens",
      field(realtimeCached, "audio_tokens"),
    ),
    cache_image_read_tokens: read.optional(
      "usage.input_token_details.cached_tokens_details.image_tokens",
      field(realtimeCached, "image_tokens"),
    ),
    output_tokens: read.required("usage.output_tokens", usage.output_tokens),
    reasoning_tokens: read.optional(
      "usage.output_tokens_details.reasoning_tokens",
      field(usage.output_tokens_details, "reasoning_tokens"),
    ),
    output_audio_tokens: read.optional(
      "usage.output_token_details.audio_tokens",
      field(usage.output_token_details, "audio_tokens"),
    ),
    web_searches: outputItems(output, "web_search_call"),
    storage_searches: outputItems(output, "file_search_call"),
  });
}

/**
 * The API's usage from an OpenAI response: a Chat Completion, a Responses API response
 * (its web_search_call and file_search_call output items counted as web_searches and
 * storage_searches), or either's `usage` object alone. Cached, audio and reasoning tokens
 * become the parts of input and output they are (Perplexity's chat completions too: its
 * reasoning and citation tokens, reported beside completion_tokens, are added to output,
 * and num_search_queries are web_searches); counts the response leaves out are left
 * out, and numbers are never clamped: usage that does not add up is the API's to refuse.
 */
export function usageFromOpenAI(
  response: OpenAIResponse | OpenAIChatUsage | OpenAIResponsesUsage,
): StepUsage {
  const usage = openAIUsageObject(MAPPER, response);
  if ("prompt_tokens" in usage) return openAIChatUsage(MAPPER, usage);
  return responsesUsage(usage, usage === response ? undefined : field(response, "output"));
}
