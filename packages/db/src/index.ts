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
export { toDomainError, UnexpectedDatabaseError } from "./errors";
export { renderQuery } from "./internal/render-query";
export { isConnectionLost, outageCause } from "./outage-cause";
export { costByDay, type DayCost } from "./repo/analytics/cost-by-day";
export { costByModel, type ModelCost } from "./repo/analytics/cost-by-model";
export { type CostSummary, costSummary, costSummaryQuery } from "./repo/analytics/cost-summary";
export type { AnalyticsFilter } from "./repo/analytics/filters";
export type { LedgerTotals } from "./repo/analytics/ledger-breakdown";
export { MAX_TOP_RUNS, type TopRun, topRuns, topRunsQuery } from "./repo/analytics/top-runs";
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
export { deletePriceOverride } from "./repo/prices/delete-price-override";
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
export { type ListRunsFilter, listRuns, MAX_RUNS_PAGE, type RunPage } from "./repo/runs/list-runs";
export {
  type ReapedRun,
  type ReapStuckRunsOptions,
  reapStuckRuns,
} from "./repo/runs/reap-stuck-runs";
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
export { costSources } from "./schema/enum-values";
