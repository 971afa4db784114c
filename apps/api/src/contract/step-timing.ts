import {
  MAX_STEP_DURATION_MS,
  MAX_STEP_METADATA_BYTES,
  type StepTiming,
  stepCompletedAt,
  stepMetadataProblem,
  stepTimingIssues,
} from "@columnline/domain";
import { z } from "zod";
import { jsonObjectSchema } from "./json-object";
import { isoTimeJson } from "./time";

/** What JSON Schema cannot say about a step's times (the pattern allows years 0000-9999). */
const STEP_TIME_RANGE = "from 0001-01-01 to 9999-12-31 UTC";

/** A step's start or end: an ISO-8601 date-time with a zone, years 0001-9999. */
const stepInstant = (field: string) =>
  z.iso
    .datetime({
      offset: true,
      error: `${field} must be an ISO-8601 date-time with a zone, e.g. 2026-01-15T18:12:06.250Z`,
    })
    .transform((text) => new Date(text))
    .refine(
      (at) => at.getUTCFullYear() >= 1 && at.getUTCFullYear() <= 9999,
      `${field} must be from 0001-01-01 to 9999-12-31 (UTC)`,
    );

/** The optional timing and metadata fields of a step request. */
export const stepTimingFields = {
  started_at: stepInstant("started_at")
    .nullish()
    .describe(
      `When the step began, e.g. 2026-01-15T18:12:06.250Z (kept to the millisecond), ${STEP_TIME_RANGE}`,
    ),
  duration_ms: z
    .int()
    .min(0)
    .max(MAX_STEP_DURATION_MS)
    .nullish()
    .describe(`How long the step took, in milliseconds (0 to ${MAX_STEP_DURATION_MS}: 7 days)`),
  completed_at: stepInstant("completed_at")
    .nullish()
    .describe(
      `When the step ended, instead of duration_ms, ${STEP_TIME_RANGE}: needs started_at, must not be before it and at most ${MAX_STEP_DURATION_MS} ms (7 days) after it; if duration_ms is sent too, they must agree to the millisecond`,
    ),
  metadata: jsonObjectSchema
    .superRefine((value, ctx) => {
      const problem = stepMetadataProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .nullish()
    .describe(
      `Your own JSON object about the step (prompt version, retries, trace id...), at most ${MAX_STEP_METADATA_BYTES} bytes (16 KB) as JSON. Part of the request: a retry must send the same.`,
    ),
};

interface TimingFields {
  started_at?: Date | null | undefined;
  duration_ms?: number | null | undefined;
  completed_at?: Date | null | undefined;
}

/** Adds a 400 issue per inconsistent timing field (end before start, disagreeing duration...). */
export function checkStepTiming(input: TimingFields, ctx: z.RefinementCtx): void {
  // A field already refused (duration_ms -1) has its sentence; one per field is enough.
  if (ctx.issues.length > 0) return;
  const issues = stepTimingIssues({
    startedAt: input.started_at ?? null,
    durationMs: input.duration_ms ?? null,
    completedAt: input.completed_at ?? null,
  });
  for (const issue of issues) {
    ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
  }
}

export const stepTimingJson = {
  started_at: isoTimeJson.nullable().describe("When the step began; null when not reported"),
  duration_ms: z.int().nullable().describe("How long it took in ms; null when not reported"),
  completed_at: isoTimeJson
    .nullable()
    .describe("started_at + duration_ms; null unless both are known"),
  metadata: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe("The JSON object the step was recorded with; null when none"),
};

export function toStepTimingJson(step: StepTiming & { metadata: Record<string, unknown> | null }) {
  return {
    started_at: step.startedAt?.toISOString() ?? null,
    duration_ms: step.durationMs,
    completed_at: stepCompletedAt(step)?.toISOString() ?? null,
    metadata: step.metadata,
  };
}
