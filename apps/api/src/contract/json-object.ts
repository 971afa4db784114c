import { z } from "zod";

/** Deeper JSON than this is refused: Postgres's jsonb parser recurses and would fail with a 500. */
export const MAX_JSON_DEPTH = 32;

function jsonDepth(value: unknown, depth = 0): number {
  if (depth > MAX_JSON_DEPTH) return depth;
  if (Array.isArray(value))
    return Math.max(depth, ...value.map((item) => jsonDepth(item, depth + 1)));
  if (value !== null && typeof value === "object") {
    return Math.max(depth, ...Object.values(value).map((item) => jsonDepth(item, depth + 1)));
  }
  return depth;
}

/** A free-form JSON object (seed_data, config), bounded in depth. */
export const jsonObjectSchema = z
  .record(z.string(), z.unknown())
  .refine((value) => jsonDepth(value) <= MAX_JSON_DEPTH, {
    message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
  })
  .refine((value) => !JSON.stringify(value).includes("\\u0000"), {
    message: "JSON strings may not contain the NUL character (\\u0000)",
  });
