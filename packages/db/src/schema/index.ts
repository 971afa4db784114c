// Tables only: this module is the drizzle schema (drizzle-kit and the typed client read it).
export { apiKeys } from "./api-keys";
export { clients } from "./clients";
export { modelPrices } from "./model-prices";
export { runSteps } from "./run-steps";
export { runs } from "./runs";
