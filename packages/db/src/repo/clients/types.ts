import type { clients } from "../../schema";

export type Client = typeof clients.$inferSelect;
export type ClientConfig = Record<string, unknown>;
