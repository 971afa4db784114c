import { invalid } from "../../internal/validate";
import type { ClientConfig } from "./types";

/** A client's config is a JSON object (it is snapshotted into runs as one). */
export function parseClientConfig(value: unknown): ClientConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    invalid("config", "must be a JSON object");
  }
  return value as ClientConfig;
}
