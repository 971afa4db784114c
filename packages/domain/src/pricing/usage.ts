import { z } from "zod";
import { validationError } from "../errors";
import { toErrorIssues } from "./zod-issues";

const tokenCount = (field: string) =>
  z.int({ error: `${field} must be a non-negative safe integer` }).min(0, {
    error: `${field} must be a non-negative safe integer`,
  });

/**
 * Token usage of one step, with the REST API's snake_case keys. input_tokens counts every
 * prompt token (cached ones included) and output_tokens every completion token (reasoning
 * included); the cache and reasoning counts are parts of those wholes, not additions.
 */
export const usageSchema = z
  .object({
    input_tokens: tokenCount("input_tokens"),
    output_tokens: tokenCount("output_tokens"),
    cache_read_tokens: tokenCount("cache_read_tokens").default(0),
    cache_write_tokens: tokenCount("cache_write_tokens").default(0),
    reasoning_tokens: tokenCount("reasoning_tokens").default(0),
  })
  .superRefine(
    (usage, ctx) => {
      const cached = usage.cache_read_tokens + usage.cache_write_tokens;
      if (cached > usage.input_tokens) {
        ctx.addIssue({
          code: "custom",
          // Point at the part that is set; with both set, the read count is the usual culprit.
          path: [usage.cache_read_tokens > 0 ? "cache_read_tokens" : "cache_write_tokens"],
          message: `cache_read_tokens + cache_write_tokens (${cached}) must not exceed input_tokens (${usage.input_tokens})`,
        });
      }
      if (usage.reasoning_tokens > usage.output_tokens) {
        ctx.addIssue({
          code: "custom",
          path: ["reasoning_tokens"],
          message: `reasoning_tokens (${usage.reasoning_tokens}) must not exceed output_tokens (${usage.output_tokens})`,
        });
      }
      const total = usage.input_tokens + usage.output_tokens;
      if (!Number.isSafeInteger(total)) {
        ctx.addIssue({
          code: "custom",
          path: ["output_tokens"],
          message: `input_tokens + output_tokens (${total}) must be a safe integer`,
        });
      }
    },
    // Relations between counts only mean something once every count is itself valid.
    { when: (payload) => payload.issues.length === 0 },
  );

/** Validated usage: every count present (optional parts defaulted to 0). */
export type Usage = z.output<typeof usageSchema>;
/** Usage as a caller may send it: the part counts are optional. */
export type UsageInput = z.input<typeof usageSchema>;

/** Validates usage, throwing a VALIDATION DomainError whose issues name the fields. */
export function parseUsage(input: unknown): Usage {
  const result = usageSchema.safeParse(input);
  if (!result.success) throw validationError("invalid usage", toErrorIssues(result.error));
  return result.data;
}

/** The step's contribution to the run's token total: every prompt and completion token. */
export function stepTokens(usage: Usage): number {
  const total = usage.input_tokens + usage.output_tokens;
  if (!Number.isSafeInteger(total) || total < 0) {
    throw validationError("invalid usage", [
      {
        path: "output_tokens",
        message: `input_tokens + output_tokens (${total}) must be a safe integer`,
      },
    ]);
  }
  return total;
}
