import type { runs } from "../../schema";

/** A run as stored: camelCase columns, money as decimal strings, times as Dates. */
export type Run = typeof runs.$inferSelect;

/** The statuses a run may be created in. */
export type InitialRunStatus = "pending" | "running";
