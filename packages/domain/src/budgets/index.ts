export * from "./budget-period";
export * from "./budget-standing";
