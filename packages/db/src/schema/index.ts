// Tables only: this module is the drizzle schema (drizzle-kit and the typed client read it).
export { apiKeys } from "./api-keys";
export { budgets } from "./budgets";
export { clients } from "./clients";
export { dashboardSessions } from "./dashboard-sessions";
export { modelPrices } from "./model-prices";
export { analyticsFold, runRollupDeltas, runRollups } from "./run-rollups";
export { runSteps } from "./run-steps";
export { runs } from "./runs";
export { stepRollups } from "./step-rollups";
export { webhookDeliveries } from "./webhook-deliveries";
export { webhookEndpoints } from "./webhook-endpoints";
export { webhookEvents } from "./webhook-events";
