import type { StepUsage } from "../api-types.js";
import {
  countReader,
  field,
  isObject,
  type ProviderCount,
  sumPresent,
  toStepUsage,
} from "./counts.js";

/** The Messages API's `usage`. */
export interface AnthropicUsage {
  /** Uncached input only: Anthropic counts cache reads and writes apart from it. */
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: ProviderCount;
  cache_read_input_tokens?: ProviderCount;
  cache_creation?: {
    ephemeral_5m_input_tokens?: ProviderCount;
    ephemeral_1h_input_tokens?: ProviderCount;
  } | null;
  server_tool_use?: { web_search_requests?: ProviderCount } | null;
}

/** A Messages API response (a Message): its model and usage. */
export interface AnthropicMessage {
  model?: string | null;
  usage: AnthropicUsage;
  /** Not a step outcome ({ result, ... }): keeps the two apart in scope.step's overloads. */
  result?: never;
}

const MAPPER = "usageFromAnthropic";

/**
 * The API's usage from an Anthropic Message (or its `usage` alone). Anthropic's
 * input_tokens leaves out cache reads and writes, so input_tokens here is all three; the
 * writes are cache_write_tokens, of which the 1-hour ones are cache_write_1h_tokens (the
 * rest are 5-minute writes); server-side web searches are web_searches. Nothing is
 * clamped: usage that does not add up is the API's to refuse.
 */
export function usageFromAnthropic(response: AnthropicMessage | AnthropicUsage): StepUsage {
  const usage =
    isObject(response) && "input_tokens" in response ? response : field(response, "usage");
  if (!isObject(usage)) throw new TypeError(`${MAPPER}: the response has no usage`);
  const read = countReader(MAPPER);
  const uncached = read.required("usage.input_tokens", usage.input_tokens);
  const cacheRead = read.optional("usage.cache_read_input_tokens", usage.cache_read_input_tokens);
  const fiveMinute = read.optional(
    "usage.cache_creation.ephemeral_5m_input_tokens",
    field(usage.cache_creation, "ephemeral_5m_input_tokens"),
  );
  const oneHour = read.optional(
    "usage.cache_creation.ephemeral_1h_input_tokens",
    field(usage.cache_creation, "ephemeral_1h_input_tokens"),
  );
  // The total is Anthropic's own figure; its breakdown stands in only when the total is missing.
  const cacheWrite =
    read.optional("usage.cache_creation_input_tokens", usage.cache_creation_input_tokens) ??
    sumPresent(fiveMinute, oneHour);
  return toStepUsage({
    input_tokens: uncached + (cacheRead ?? 0) + (cacheWrite ?? 0),
    cache_read_tokens: cacheRead,
    cache_write_tokens: cacheWrite,
    cache_write_1h_tokens: oneHour,
    output_tokens: read.required("usage.output_tokens", usage.output_tokens),
    web_searches: read.optional(
      "usage.server_tool_use.web_search_requests",
      field(usage.server_tool_use, "web_search_requests"),
    ),
  });
}
