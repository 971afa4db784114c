import { z } from "zod";
import { MAX_ERROR_MESSAGE_LENGTH, runStatuses, triggeredByValues } from "./run-statuses";

export * from "./run-statuses";

export const runStatusSchema = z.enum(runStatuses);
export const triggeredBySchema = z.enum(triggeredByValues);

export const errorMessageSchema = z
  .string()
  .trim()
  .min(1, "error_message must not be empty")
  .max(
    MAX_ERROR_MESSAGE_LENGTH,
    `error_message must be at most ${MAX_ERROR_MESSAGE_LENGTH} characters`,
  );
