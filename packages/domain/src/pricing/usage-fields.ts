/**
 * The usage counts a step may report beyond its five token counts, one for each quantity
 * the price catalog charges (see price-units.ts), and how the parts nest in their wholes.
 * Absent counts take their default: 0, except `requests` (one call per step).
 */
export const EXTRA_USAGE_FIELDS = {
  cache_write_1h_tokens: {
    default: 0,
    description:
      "Part of cache_write_tokens written with a 1-hour lifetime (Anthropic cache_creation.ephemeral_1h_input_tokens); the rest are 5-minute writes",
  },
  input_audio_tokens: {
    default: 0,
    description: "Part of input_tokens that is audio (OpenAI prompt_tokens_details.audio_tokens)",
  },
  input_image_tokens: {
    default: 0,
    description: "Part of input_tokens that is images (and documents, for Gemini)",
  },
  input_video_tokens: { default: 0, description: "Part of input_tokens that is video" },
  cache_audio_read_tokens: {
    default: 0,
    description: "Part of cache_read_tokens that is audio (so also part of input_audio_tokens)",
  },
  cache_image_read_tokens: {
    default: 0,
    description: "Part of cache_read_tokens that is images (so also part of input_image_tokens)",
  },
  citation_tokens: {
    default: 0,
    description: "Part of output_tokens that is citations (Perplexity citation_tokens)",
  },
  output_audio_tokens: {
    default: 0,
    description:
      "Part of output_tokens that is audio (OpenAI completion_tokens_details.audio_tokens)",
  },
  output_image_tokens: { default: 0, description: "Part of output_tokens that is images" },
  output_video_tokens: { default: 0, description: "Part of output_tokens that is video" },
  requests: {
    default: 1,
    description:
      "Provider calls the step made (default 1): charged where a model has a per-request fee",
  },
  web_searches: {
    default: 0,
    description:
      "Web searches the provider ran (Anthropic server_tool_use.web_search_requests, Perplexity num_search_queries)",
  },
  storage_searches: {
    default: 0,
    description: "File or vector-store searches the provider ran (OpenAI file_search calls)",
  },
} as const;

export type ExtraUsageField = keyof typeof EXTRA_USAGE_FIELDS;

export const EXTRA_USAGE_FIELD_NAMES = Object.keys(EXTRA_USAGE_FIELDS) as ExtraUsageField[];

/** The five counts every step has (the optional ones default to 0). */
export type BaseUsageField =
  | "input_tokens"
  | "output_tokens"
  | "cache_read_tokens"
  | "cache_write_tokens"
  | "reasoning_tokens";

export type UsageField = BaseUsageField | ExtraUsageField;

/**
 * "These parts, together, are no more than that whole." Parts listed together are
 * disjoint (a cache read is not a cache write; audio is not an image), so their sum is
 * bounded. Parts of different relations may overlap (a cached audio token is both a
 * cache read and an audio token): those overlaps are the cache_*_read_tokens counts.
 */
export interface PartsOfWhole {
  parts: readonly UsageField[];
  whole: UsageField;
}

export const USAGE_PART_RELATIONS: readonly PartsOfWhole[] = [
  { parts: ["cache_read_tokens", "cache_write_tokens"], whole: "input_tokens" },
  {
    parts: ["input_audio_tokens", "input_image_tokens", "input_video_tokens"],
    whole: "input_tokens",
  },
  { parts: ["cache_write_1h_tokens"], whole: "cache_write_tokens" },
  { parts: ["cache_audio_read_tokens", "cache_image_read_tokens"], whole: "cache_read_tokens" },
  { parts: ["cache_audio_read_tokens"], whole: "input_audio_tokens" },
  { parts: ["cache_image_read_tokens"], whole: "input_image_tokens" },
  { parts: ["reasoning_tokens", "citation_tokens"], whole: "output_tokens" },
  {
    parts: ["output_audio_tokens", "output_image_tokens", "output_video_tokens"],
    whole: "output_tokens",
  },
];
