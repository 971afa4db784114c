/** A step's metadata is kept up to this many bytes of UTF-8 JSON (16 KB). */
export const MAX_STEP_METADATA_BYTES = 16 * 1024;

const utf8 = new TextEncoder();

/** Why `value` cannot be a step's metadata (a JSON object of at most 16 KB), or null. */
export function stepMetadataProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return "metadata must be a JSON object";
  }
  const bytes = utf8.encode(JSON.stringify(value)).length;
  if (bytes > MAX_STEP_METADATA_BYTES) {
    return `metadata must be at most ${MAX_STEP_METADATA_BYTES} bytes (16 KB) as JSON; this one is ${bytes} bytes`;
  }
  return null;
}
