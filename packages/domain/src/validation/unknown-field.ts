/**
 * Usage keys that providers' responses use, with what to send instead: a step service that
 * passes a provider's usage object straight through is told the field to use (and which SDK
 * helper maps the whole response) rather than a bare "unknown field".
 */
const PROVIDER_USAGE_KEYS: Record<string, { provider: string; instead: string }> = {
  prompt_tokens: { provider: "OpenAI", instead: "send input_tokens" },
  completion_tokens: { provider: "OpenAI", instead: "send output_tokens" },
  total_tokens: { provider: "OpenAI", instead: "leave it out: the ledger adds input and output" },
  prompt_tokens_details: {
    provider: "OpenAI",
    instead: "send its cached_tokens as cache_read_tokens, audio_tokens as input_audio_tokens",
  },
  completion_tokens_details: {
    provider: "OpenAI",
    instead: "send its reasoning_tokens as reasoning_tokens, audio_tokens as output_audio_tokens",
  },
  input_tokens_details: {
    provider: "OpenAI",
    instead: "send its cached_tokens as cache_read_tokens",
  },
  output_tokens_details: {
    provider: "OpenAI",
    instead: "send its reasoning_tokens as reasoning_tokens",
  },
  cached_tokens: { provider: "OpenAI", instead: "send cache_read_tokens" },
  cache_read_input_tokens: {
    provider: "Anthropic",
    instead: "send cache_read_tokens, and count them in input_tokens too",
  },
  cache_creation_input_tokens: {
    provider: "Anthropic",
    instead: "send cache_write_tokens, and count them in input_tokens too",
  },
  cache_creation: {
    provider: "Anthropic",
    instead: "send its ephemeral_1h_input_tokens as cache_write_1h_tokens",
  },
  server_tool_use: {
    provider: "Anthropic",
    instead: "send its web_search_requests as web_searches",
  },
  usageMetadata: {
    provider: "Gemini",
    instead:
      "send promptTokenCount as input_tokens, candidatesTokenCount + thoughtsTokenCount as output_tokens, cachedContentTokenCount as cache_read_tokens, thoughtsTokenCount as reasoning_tokens",
  },
  promptTokenCount: { provider: "Gemini", instead: "send input_tokens" },
  candidatesTokenCount: {
    provider: "Gemini",
    instead: "send output_tokens (candidatesTokenCount + thoughtsTokenCount)",
  },
  cachedContentTokenCount: { provider: "Gemini", instead: "send cache_read_tokens" },
  thoughtsTokenCount: {
    provider: "Gemini",
    instead: "send reasoning_tokens, and count them in output_tokens too",
  },
  totalTokenCount: {
    provider: "Gemini",
    instead: "leave it out: the ledger adds input and output",
  },
  num_search_queries: { provider: "Perplexity", instead: "send web_searches" },
};

const SDK_HELPER: Record<string, string> = {
  OpenAI: "usageFromOpenAI",
  Anthropic: "usageFromAnthropic",
  Gemini: "usageFromGemini",
  Perplexity: "usageFromOpenAI",
};

/**
 * Why a field is refused: a provider's key names the field to send instead; anything else
 * is simply unknown. `field` is its path ("usage.prompt_tokens"), `key` its last part.
 */
export function unknownFieldMessage(field: string, key: string): string {
  const known = Object.hasOwn(PROVIDER_USAGE_KEYS, key) ? PROVIDER_USAGE_KEYS[key] : undefined;
  if (!known) return `${field} is not a known field`;
  return `${field} is ${known.provider}'s name: ${known.instead} (the SDK's ${SDK_HELPER[known.provider]} maps a whole response)`;
}
