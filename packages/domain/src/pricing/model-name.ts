/**
 * A model name as callers send it: "gpt-4o", "openai/gpt-4o", "openrouter/anthropic/claude-x".
 * Matching is case-insensitive (as in genai-prices), so everything here is lowercased.
 */
export interface ModelName {
  /** Lowercased, trimmed full name. */
  full: string;
  /** The segment before the first "/", if any: possibly a provider. */
  prefix: string | null;
  /** The name after the first "/" (the full name when there is no prefix). */
  bare: string;
}

export function parseModelName(model: string): ModelName {
  const full = model.trim().toLowerCase();
  const slash = full.indexOf("/");
  if (slash <= 0 || slash === full.length - 1) return { full, prefix: null, bare: full };
  return { full, prefix: full.slice(0, slash), bare: full.slice(slash + 1) };
}
