import type { Run } from "@columnline/db";
import {
  clientIdSchema,
  dossierIdSchema,
  errorMessageSchema,
  MAX_ERROR_MESSAGE_LENGTH,
  runIdSchema,
  runStatusSchema,
  triggeredBySchema,
} from "@columnline/domain";
import { z } from "zod";
import { CURSOR_NOTE } from "./client";
import { jsonObjectSchema } from "./json-object";
import { decimalStringJson, trimDecimal } from "./money";
import { checkCostRange, runsPageFields } from "./runs-page";
import { nonBlankJsonSchema, storableText } from "./text";
import { instantInput, isoTimeJson } from "./time";

export const runIdInput = z.strictObject({ run_id: runIdSchema });

export const createRunInput = z.strictObject({
  client_id: clientIdSchema,
  run_id: runIdSchema.optional(),
  dossier_id: dossierIdSchema.optional(),
  status: z.enum(["pending", "running"]).default("pending"),
  seed_data: jsonObjectSchema.nullish(),
  triggered_by: triggeredBySchema.default("api"),
  config_snapshot: jsonObjectSchema.nullish(),
});

export const failRunInput = z.strictObject({
  run_id: runIdSchema,
  // Storable text of at most 2000 characters as sent, then the domain's rules (trimmed, not
  // blank). The pipe's JSON Schema is its input side, so non-blank is stated here again.
  error_message: storableText("error_message", MAX_ERROR_MESSAGE_LENGTH)
    .pipe(errorMessageSchema)
    .meta(nonBlankJsonSchema("error_message")),
});

export const listRunsInput = z
  .strictObject({
    client_id: clientIdSchema.optional(),
    status: runStatusSchema.optional(),
    triggered_by: triggeredBySchema.optional(),
    started_after: instantInput.optional(),
    started_before: instantInput.optional(),
    ...runsPageFields,
    // Coerced: REST sends query strings.
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .max(500)
      .optional()
      .describe(`${CURSOR_NOTE}, listed with the same sort and order`),
  })
  .superRefine(checkCostRange);

export const runJsonSchema = z.object({
  run_id: runIdSchema,
  client_id: clientIdSchema,
  dossier_id: dossierIdSchema.nullable(),
  status: runStatusSchema,
  seed_data: z.record(z.string(), z.unknown()).nullable(),
  total_tokens: z.int(),
  total_cost: decimalStringJson(
    "USD: the exact sum of step costs, rounded half away from zero to 4 places",
  ),
  total_cost_exact: decimalStringJson("USD: the exact, unrounded sum of step costs"),
  started_at: isoTimeJson,
  completed_at: isoTimeJson.nullable(),
  error_message: z.string().nullable(),
  triggered_by: triggeredBySchema.nullable(),
  config_snapshot: z.record(z.string(), z.unknown()).nullable(),
  created_at: isoTimeJson,
  updated_at: isoTimeJson,
  last_activity_at: isoTimeJson,
});
export type RunJson = z.infer<typeof runJsonSchema>;

export const runPageJsonSchema = z.object({
  items: z.array(runJsonSchema),
  next_cursor: z
    .string()
    .nullable()
    .describe("Pass as cursor for the next page; null on the last page"),
});

export const toIso = (at: Date | null): string | null => (at === null ? null : at.toISOString());

export function toRunJson(run: Run): RunJson {
  return {
    run_id: run.runId,
    client_id: run.clientId,
    dossier_id: run.dossierId,
    status: run.status,
    seed_data: run.seedData,
    total_tokens: run.totalTokens,
    total_cost: run.totalCost,
    total_cost_exact: trimDecimal(run.totalCostExact),
    started_at: run.startedAt.toISOString(),
    completed_at: toIso(run.completedAt),
    error_message: run.errorMessage,
    triggered_by: run.triggeredBy,
    config_snapshot: run.configSnapshot,
    created_at: run.createdAt.toISOString(),
    updated_at: run.updatedAt.toISOString(),
    last_activity_at: run.lastActivityAt.toISOString(),
  };
}
