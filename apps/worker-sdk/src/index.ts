// @columnline/worker-sdk: the typed client, the step helpers, the ID formats.

export { isTRPCClientError, TRPCClientError } from "@trpc/client";
export type {
  Budget,
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
export { BudgetExceededError } from "./runs/budget-exceeded-error.js";
export { type CreateRunOptions, createRun } from "./runs/create-run.js";
export {
  type ExistingRunOptions,
  type NewRunOptions,
  type RunScope,
  type StepOptions,
  type WithRunOptions,
  withRun,
} from "./runs/with-run.js";
export { recordStep, type StepRecord } from "./steps/record-step.js";
export type { ResponseOutcome, StepOutcome, UsageOutcome } from "./steps/resolve-step.js";
export { deriveStepId } from "./steps/step-id.js";
export {
  type AnthropicMessage,
  type AnthropicUsage,
  usageFromAnthropic,
} from "./usage/anthropic.js";
export type { ProviderCount } from "./usage/counts.js";
export {
  type GeminiModalityTokenCount,
  type GeminiResponse,
  type GeminiUsageMetadata,
  usageFromGemini,
} from "./usage/gemini.js";
export {
  type OpenAIChatUsage,
  type OpenAIResponse,
  type OpenAIResponsesUsage,
  usageFromOpenAI,
} from "./usage/openai.js";
export {
  costFromOpenRouter,
  type OpenRouterResponse,
  type OpenRouterUsage,
  usageFromOpenRouter,
} from "./usage/openrouter.js";
export {
  detectProvider,
  type ProviderCall,
  type ProviderName,
  type ProviderResponse,
  type ResponseStep,
  stepFromResponse,
} from "./usage/provider-response.js";
export { verifyWebhook, type WebhookHeaders } from "./webhooks/verify-webhook.js";
export {
  type BudgetEventData,
  type BudgetExceededEvent,
  type BudgetThresholdCrossedEvent,
  type RunCompletedEvent,
  type RunEventData,
  type RunFailedEvent,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookTestEvent,
  webhookEventTypes,
} from "./webhooks/webhook-event.js";
export {
  WebhookVerificationError,
  type WebhookVerificationFailure,
} from "./webhooks/webhook-verification-error.js";
