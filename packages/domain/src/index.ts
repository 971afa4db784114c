export * from "./errors";
export * from "./ids/client-id";
export * from "./ids/dossier-id";
export * from "./ids/run-id";
export * from "./status/run-status";
export * from "./status/transition";
