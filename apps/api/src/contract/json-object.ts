import { z } from "zod";
import { hasLoneSurrogate } from "./text";

/** Deeper JSON than this is refused: Postgres's jsonb parser recurses and would fail with a 500. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether `value` nests deeper than MAX_JSON_DEPTH. Stops at the limit and never spreads a
 * container into arguments, so neither a deep nor a very wide body can overflow the stack.
 */
function tooDeep(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== "object") return false;
  const items = Array.isArray(value) ? value : Object.values(value);
  if (depth >= MAX_JSON_DEPTH) return items.length > 0;
  for (const item of items) if (tooDeep(item, depth + 1)) return true;
  return false;
}

/** The first problem of a JSON value Postgres's jsonb cannot store as sent, if any. */
function textProblem(value: unknown): string | null {
  if (typeof value === "string") return textProblemOf(value);
  if (value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = textProblem(item);
      if (problem) return problem;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const problem = textProblemOf(key) ?? textProblem(item);
    if (problem) return problem;
  }
  return null;
}

function textProblemOf(text: string): string | null {
  if (text.includes("\u0000")) return "JSON strings may not contain the NUL character (\\u0000)";
  // jsonb refuses "\ud800" escapes: named here rather than by a database error.
  if (hasLoneSurrogate(text)) return "JSON strings may not contain unpaired UTF-16 surrogates";
  return null;
}

/** A free-form JSON object (seed_data, config), bounded in depth. */
export const jsonObjectSchema = z
  .record(z.string(), z.unknown())
  .superRefine((value, ctx) => {
    if (tooDeep(value)) {
      ctx.addIssue({ code: "custom", message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` });
      return;
    }
    const problem = textProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .meta({
    description: `A JSON object, nested at most ${MAX_JSON_DEPTH} levels deep; no string or key in it may hold the NUL character (\\u0000) or an unpaired UTF-16 surrogate`,
  });
