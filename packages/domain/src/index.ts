import "./validation/field-messages";

export * from "./auth/api-key-scopes";
export * from "./budgets";
export { localDayNumber, startOfLocalDay } from "./calendar/local-days";
export * from "./errors";
export * from "./ids/client-id";
export * from "./ids/dossier-id";
export * from "./ids/run-id";
export * from "./money";
export * from "./pricing";
export * from "./status/run-state-conflict";
export * from "./status/run-status";
export * from "./status/transition";
export * from "./steps/step-metadata";
export * from "./steps/step-timing";
export * from "./time-zone";
export { unknownFieldMessage } from "./validation/unknown-field";
