export * from "./decimal-text";
