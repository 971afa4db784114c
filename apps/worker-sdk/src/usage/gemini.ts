import type { StepUsage } from "../api-types.js";
import {
  type CountReader,
  countReader,
  field,
  isObject,
  type ProviderCount,
  sumPresent,
  toStepUsage,
} from "./counts.js";

/** One modality's share of a count ("TEXT", "AUDIO", "IMAGE", "VIDEO", "DOCUMENT"). */
export interface GeminiModalityTokenCount {
  modality?: string | null;
  tokenCount?: ProviderCount;
}

type ModalityDetails = readonly GeminiModalityTokenCount[] | null;

/** generateContent's `usageMetadata` (the REST API leaves out counts that are 0). */
export interface GeminiUsageMetadata {
  promptTokenCount?: ProviderCount;
  candidatesTokenCount?: ProviderCount;
  cachedContentTokenCount?: ProviderCount;
  thoughtsTokenCount?: ProviderCount;
  toolUsePromptTokenCount?: ProviderCount;
  totalTokenCount?: ProviderCount;
  promptTokensDetails?: ModalityDetails;
  cacheTokensDetails?: ModalityDetails;
  candidatesTokensDetails?: ModalityDetails;
  toolUsePromptTokensDetails?: ModalityDetails;
}

/** A generateContent response: its model version and usage metadata. */
export interface GeminiResponse {
  modelVersion?: string | null;
  usageMetadata?: GeminiUsageMetadata | null;
  /** Not a step outcome ({ result, ... }): keeps the two apart in scope.step's overloads. */
  result?: never;
}

const MAPPER = "usageFromGemini";

/** The tokens of these modalities in a details list; undefined when none is listed. */
function modalityTokens(
  read: CountReader,
  path: string,
  details: unknown,
  modalities: readonly string[],
): number | undefined {
  if (!Array.isArray(details)) return undefined;
  const counts = details.map((entry, index) =>
    modalities.includes(String(field(entry, "modality")))
      ? read.optional(`${path}[${index}].tokenCount`, field(entry, "tokenCount"))
      : undefined,
  );
  return sumPresent(...counts);
}

/** The same modality counted in the prompt and in the tool-use prompt, both of which are input. */
function inputModality(read: CountReader, usage: Record<string, unknown>, modalities: string[]) {
  return sumPresent(
    modalityTokens(
      read,
      "usageMetadata.promptTokensDetails",
      usage.promptTokensDetails,
      modalities,
    ),
    modalityTokens(
      read,
      "usageMetadata.toolUsePromptTokensDetails",
      usage.toolUsePromptTokensDetails,
      modalities,
    ),
  );
}

/** usageMetadata itself, told apart from a response by its counts (at least the total is always there). */
function isGeminiUsageMetadata(value: unknown): value is Record<string, unknown> {
  return (
    isObject(value) &&
    ("totalTokenCount" in value || "promptTokenCount" in value || "candidatesTokenCount" in value)
  );
}

/**
 * The API's usage from a Gemini generateContent response (or its `usageMetadata` alone).
 * Input is the prompt plus the tool-use prompt; output is the candidates plus the thoughts,
 * which are also reasoning_tokens; cached content is cache_read_tokens; the modality
 * details give the audio, image and video parts (documents count as images, as in the
 * price catalog). A count Gemini leaves out is 0 in its own API, so input and output may
 * be 0; the other counts are left out. Nothing is clamped.
 */
export function usageFromGemini(response: GeminiResponse | GeminiUsageMetadata): StepUsage {
  const usage = isGeminiUsageMetadata(response) ? response : field(response, "usageMetadata");
  if (!isObject(usage)) throw new TypeError(`${MAPPER}: the response has no usageMetadata`);
  const read = countReader(MAPPER);
  const count = (key: string) => read.optional(`usageMetadata.${key}`, usage[key]);
  const cache = (modalities: string[]) =>
    modalityTokens(read, "usageMetadata.cacheTokensDetails", usage.cacheTokensDetails, modalities);
  const candidates = (modalities: string[]) =>
    modalityTokens(
      read,
      "usageMetadata.candidatesTokensDetails",
      usage.candidatesTokensDetails,
      modalities,
    );
  const thoughts = count("thoughtsTokenCount");
  return toStepUsage({
    input_tokens: (count("promptTokenCount") ?? 0) + (count("toolUsePromptTokenCount") ?? 0),
    cache_read_tokens: count("cachedContentTokenCount"),
    input_audio_tokens: inputModality(read, usage, ["AUDIO"]),
    input_image_tokens: inputModality(read, usage, ["IMAGE", "DOCUMENT"]),
    input_video_tokens: inputModality(read, usage, ["VIDEO"]),
    cache_audio_read_tokens: cache(["AUDIO"]),
    cache_image_read_tokens: cache(["IMAGE", "DOCUMENT"]),
    output_tokens: (count("candidatesTokenCount") ?? 0) + (thoughts ?? 0),
    reasoning_tokens: thoughts,
    output_audio_tokens: candidates(["AUDIO"]),
    output_image_tokens: candidates(["IMAGE", "DOCUMENT"]),
    output_video_tokens: candidates(["VIDEO"]),
  });
}
