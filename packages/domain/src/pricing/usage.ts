import { z } from "zod";
import { validationError } from "../errors";
import { unknownFieldMessage } from "../validation/unknown-field";
import {
  EXTRA_USAGE_FIELD_NAMES,
  EXTRA_USAGE_FIELDS,
  type ExtraUsageField,
  type PartsOfWhole,
  USAGE_PART_RELATIONS,
  type UsageField,
} from "./usage-fields";
import { toErrorIssues } from "./zod-issues";

const count = (field: string) =>
  z
    .int({
      error: (issue) =>
        issue.input === undefined
          ? `${field} is required`
          : `${field} must be a non-negative safe integer`,
    })
    .min(0, { error: `${field} must be a non-negative safe integer` });

type ExtraShape = { [F in ExtraUsageField]: z.ZodOptional<ReturnType<typeof count>> };

function extraShape(): ExtraShape {
  const shape = {} as ExtraShape;
  for (const field of EXTRA_USAGE_FIELD_NAMES) {
    shape[field] = count(field).describe(EXTRA_USAGE_FIELDS[field].description).optional();
  }
  return shape;
}

/** A count as validated so far (absent: its default). */
function countIn(usage: Partial<Record<UsageField, number>>, field: UsageField): number {
  return (
    usage[field] ??
    (field in EXTRA_USAGE_FIELDS ? EXTRA_USAGE_FIELDS[field as ExtraUsageField].default : 0)
  );
}

/** Why parts exceed their whole (sums in BigInt: exact whatever the counts), or null. */
function relationProblem(
  usage: Partial<Record<UsageField, number>>,
  { parts, whole }: PartsOfWhole,
): { path: UsageField; message: string } | null {
  const present = parts.filter((part) => countIn(usage, part) > 0);
  const sum = present.reduce((total, part) => total + BigInt(countIn(usage, part)), 0n);
  const wholeCount = countIn(usage, whole);
  const [first] = present;
  if (first === undefined || sum <= BigInt(wholeCount)) return null;
  return {
    path: first,
    message: `${present.join(" + ")} (${sum}) must not exceed ${whole} (${wholeCount})`,
  };
}

/**
 * Token usage of one step, with the REST API's snake_case keys. input_tokens counts every
 * prompt token (cached, audio, image ones included) and output_tokens every completion
 * token (reasoning, citations, audio included); every other token count is a part of one
 * of those wholes (usage-fields.ts), never an addition. requests, web_searches and
 * storage_searches are counts of calls. Unknown fields are rejected rather than ignored:
 * a misspelled count would otherwise be charged as zero.
 * The output drops extra counts equal to their default, so a request that spells out a
 * default is the same request as one that leaves it out.
 */
export const usageSchema = z
  .strictObject(
    {
      input_tokens: count("input_tokens"),
      output_tokens: count("output_tokens"),
      cache_read_tokens: count("cache_read_tokens").default(0),
      cache_write_tokens: count("cache_write_tokens").default(0),
      reasoning_tokens: count("reasoning_tokens").default(0),
      ...extraShape(),
    },
    {
      // A provider's own key names the field to send instead (validation/unknown-field.ts).
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? issue.keys.map((key) => unknownFieldMessage(key, key)).join("; ")
          : undefined,
    },
  )
  .superRefine(
    (usage, ctx) => {
      for (const relation of USAGE_PART_RELATIONS) {
        const problem = relationProblem(usage, relation);
        if (problem)
          ctx.addIssue({ code: "custom", path: [problem.path], message: problem.message });
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
  )
  .transform((usage) => {
    const normalized = { ...usage };
    for (const field of EXTRA_USAGE_FIELD_NAMES) {
      if (normalized[field] === EXTRA_USAGE_FIELDS[field].default) delete normalized[field];
    }
    return normalized;
  })
  .meta({ description: usageRulesDescription() });

/** The rules between counts JSON Schema cannot state, for the OpenAPI document. */
function usageRulesDescription(): string {
  const rules = USAGE_PART_RELATIONS.map(({ parts, whole }) => `${parts.join(" + ")} <= ${whole}`);
  return `Token and call counts, non-negative safe integers. Parts never exceed their whole: ${rules.join("; ")}. input_tokens + output_tokens must be a safe integer. Unknown fields are refused (a provider's own key gets a 400 naming the field to send).`;
}

/** Validated usage: the five token counts always present, other counts only when not default. */
export type Usage = z.output<typeof usageSchema>;
/** Usage as a caller may send it: every count but input_tokens and output_tokens is optional. */
export type UsageInput = z.input<typeof usageSchema>;

/** A count of validated usage, its default when absent. */
export function usageCount(usage: Usage, field: UsageField): number {
  return countIn(usage, field);
}

/**
 * The extra counts the step carries (those not at their default), in field order; null
 * when there are none. What the ledger keeps beside its five token columns.
 */
export function usageExtras(usage: Usage): Partial<Record<ExtraUsageField, number>> | null {
  const extras: Partial<Record<ExtraUsageField, number>> = {};
  let any = false;
  for (const field of EXTRA_USAGE_FIELD_NAMES) {
    const value = usage[field];
    if (value !== undefined && value !== EXTRA_USAGE_FIELDS[field].default) {
      extras[field] = value;
      any = true;
    }
  }
  return any ? extras : null;
}

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
