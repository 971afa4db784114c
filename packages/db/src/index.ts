// @columnline/db: every table, every SQL statement and both database engines.
export {
  type CreateDbConfig,
  createDb,
  DEFAULT_PGLITE_DATA_DIR,
  DEFAULT_POOL_SIZE,
  MAX_STEP_BATCH_SIZE,
} from "./client/create-db";
export { dataDirFromEnv } from "./client/data-dir";
export { type DataDirHolder, DataDirInUseError } from "./client/data-dir-in-use-error";
export { LOCK_FILE_NAME } from "./client/data-dir-lock";
export type { MigrationReport } from "./client/migration-report";
export type {
  Database,
  DbExecutor,
  DbHandle,
  DbSchema,
  DbTransaction,
  DrizzleDb,
  Engine,
  StepBatching,
} from "./client/types";
export { DatabaseNotEmptyError, type DemoSummary, seedDemo } from "./demo/seed-demo";
export { toDomainError, UnexpectedDatabaseError } from "./errors";
export { renderQuery } from "./internal/render-query";
export { isConnectionLost, outageCause } from "./outage-cause";
export { costByDay, type DayCost } from "./repo/analytics/cost-by-day";
export { costByModel, type ModelCost } from "./repo/analytics/cost-by-model";
export {
  type CostSeriesFilter,
  type CostSeriesGroup,
  type CostSeriesRow,
  costSeries,
  costSeriesGroups,
  costSeriesQuery,
} from "./repo/analytics/cost-series";
export { type CostSummary, costSummary, costSummaryQuery } from "./repo/analytics/cost-summary";
export type { AnalyticsFilter } from "./repo/analytics/filters";
export { type FoldResult, foldAnalyticsRollups } from "./repo/analytics/fold-rollups";
export type { LedgerTotals } from "./repo/analytics/ledger-breakdown";
export {
  type RunsByStatus,
  type RunsByStatusFilter,
  runsByStatus,
  runsByStatusQuery,
  type StatusCounts,
} from "./repo/analytics/runs-by-status";
export {
  type ClientSpend,
  type SpendByClientFilter,
  spendByClient,
} from "./repo/analytics/spend-by-client";
export {
  type PeriodSpend,
  type SpendPeriod,
  type SpendPeriodName,
  type SpendPeriodsFilter,
  spendPeriodNames,
  spendPeriods,
} from "./repo/analytics/spend-periods";
export { MAX_SERIES_DAYS, parseTimeZone } from "./repo/analytics/time-zone";
export { MAX_TOP_RUNS, type TopRun, topRuns, topRunsQuery } from "./repo/analytics/top-runs";
export {
  MAX_UNPRICED_STEPS_PAGE,
  type UnpricedStep,
  type UnpricedSteps,
  type UnpricedStepsFilter,
  unpricedSteps,
} from "./repo/analytics/unpriced-steps";
export {
  type CreateApiKeyInput,
  type CreatedApiKey,
  createApiKey,
} from "./repo/api-keys/create-api-key";
export { createBootstrapAdminKey } from "./repo/api-keys/create-bootstrap-admin-key";
export { authenticateApiKey, findApiKeyByHash } from "./repo/api-keys/find-api-key";
export { hashApiKey } from "./repo/api-keys/key-material";
export { listApiKeys } from "./repo/api-keys/list-api-keys";
export { API_KEY_REVOKED_CHANNEL, revokeApiKey } from "./repo/api-keys/revoke-api-key";
export type { ApiKey } from "./repo/api-keys/types";
export { type BudgetEvent, budgetEventsOf } from "./repo/budgets/budget-events";
export { type BudgetSpend, budgetSpend } from "./repo/budgets/budget-spend";
export { emitBudgetEvent } from "./repo/budgets/emit-budget-event";
export {
  budgetsOfClient,
  deleteBudget,
  getBudget,
  listBudgets,
} from "./repo/budgets/find-budgets";
export { type PutBudgetInput, parseBudgetSettings, putBudget } from "./repo/budgets/put-budget";
export type { Budget, BudgetSettings } from "./repo/budgets/types";
export { type CreateClientInput, createClient } from "./repo/clients/create-client";
export { getClient } from "./repo/clients/get-client";
export {
  type ClientPage,
  type ListClientsFilter,
  listClients,
  MAX_CLIENTS_PAGE,
} from "./repo/clients/list-clients";
export type { Client, ClientConfig } from "./repo/clients/types";
export { type UpdateClientInput, updateClient } from "./repo/clients/update-client";
export {
  type CreateDashboardSessionInput,
  createDashboardSession,
} from "./repo/dashboard-sessions/create-dashboard-session";
export { endDashboardSession } from "./repo/dashboard-sessions/end-dashboard-session";
export { findDashboardSession } from "./repo/dashboard-sessions/find-dashboard-session";
export { hashSessionToken } from "./repo/dashboard-sessions/session-token";
export type { DashboardSession } from "./repo/dashboard-sessions/types";
export { deletePriceOverride } from "./repo/prices/delete-price-override";
export {
  type EndPriceOverrideInput,
  endPriceOverride,
} from "./repo/prices/end-price-override";
export {
  type ListPriceOverridesFilter,
  listPriceOverrides,
  loadOverridesFor,
} from "./repo/prices/list-price-overrides";
export { type PutPriceOverrideInput, putPriceOverride } from "./repo/prices/put-price-override";
export type { StoredPriceOverride } from "./repo/prices/types";
export {
  type CreateRunInput,
  type CreateRunOptions,
  type CreateRunResult,
  createRun,
} from "./repo/runs/create-run";
export { getRun } from "./repo/runs/get-run";
export {
  type ListRunsFilter,
  listRuns,
  listRunsQuery,
  MAX_RUNS_PAGE,
  type RunPage,
} from "./repo/runs/list-runs";
export {
  type ReapedRun,
  type ReapStuckRunsOptions,
  reapStuckRuns,
} from "./repo/runs/reap-stuck-runs";
export { RUN_ORDERS, RUN_SORTS, type RunOrder, type RunSort } from "./repo/runs/run-cursor";
export {
  type TransitionRunOptions,
  type TransitionRunResult,
  transitionRun,
} from "./repo/runs/transition-run";
export type { InitialRunStatus, Run } from "./repo/runs/types";
export { listSteps } from "./repo/steps/list-steps";
export { type RecordStepOptions, recordStep } from "./repo/steps/record-step";
export { stepBatchCounters } from "./repo/steps/step-batcher";
export type { RecordStepInput, RecordStepResult, RunStep, RunTotals } from "./repo/steps/types";
export {
  listWebhookDeliveries,
  redeliverWebhook,
  sendTestWebhook,
  type WebhookDeliveryPage,
} from "./repo/webhooks/deliveries";
export {
  type ClaimedDelivery,
  type ClaimOptions,
  claimDueDeliveries,
  type DeliveryAttemptOutcome,
  type RecordedAttempt,
  recordDeliveryAttempt,
} from "./repo/webhooks/delivery-queue";
export {
  type CreateWebhookEndpointInput,
  createWebhookEndpoint,
  DEFAULT_SECRET_OVERLAP_MS,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  type UpdateWebhookEndpointInput,
  updateWebhookEndpoint,
  type WebhookEndpointWithSecret,
} from "./repo/webhooks/endpoints";
export {
  WEBHOOK_DELIVERIES_CHANNEL,
  type WebhookDelivery,
  type WebhookEndpoint,
} from "./repo/webhooks/types";
export {
  costSources,
  WEBHOOK_TEST_EVENT_TYPE,
  type WebhookEventType,
  webhookEventTypes,
} from "./schema/enum-values";
