// @columnline/worker-sdk: the typed client, the step helpers, the ID formats.

export { isTRPCClientError, TRPCClientError } from "@trpc/client";
export type {
  RecordedStep,
  RouterInputs,
  RouterOutputs,
  Run,
  RunStatus,
  StepUsage,
  TriggeredBy,
} from "./api-types.js";
export type { AppRouter } from "./app-router.js";
export type { FetchFunction, RunsClientOptions } from "./client/client-options.js";
export { createRunsClient, type RunsClient } from "./client/create-runs-client.js";
export {
  type ApiErrorDescription,
  type ApiErrorIssue,
  type ApiRunState,
  describeApiError,
} from "./client/describe-api-error.js";
export { HttpStatusError, RequestTimeoutError } from "./client/transport-errors.js";
export { formatRunId, generateDossierId } from "./ids/run-ids.js";
export { type CreateRunOptions, createRun } from "./runs/create-run.js";
export {
  type ExistingRunOptions,
  type NewRunOptions,
  type RunScope,
  type StepOptions,
  type StepOutcome,
  type WithRunOptions,
  withRun,
} from "./runs/with-run.js";
export { recordStep, type StepRecord } from "./steps/record-step.js";
export { deriveStepId } from "./steps/step-id.js";
