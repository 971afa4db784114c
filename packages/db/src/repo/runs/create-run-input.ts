import {
  clientIdSchema,
  dossierIdSchema,
  runIdSchema,
  triggeredBySchema,
} from "@columnline/domain";
import { invalid, parseField } from "../../internal/validate";
import type { CreateRunInput } from "./create-run";

function parseJsonObject(value: unknown, path: string): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object" || Array.isArray(value)) invalid(path, "must be a JSON object");
  return value as Record<string, unknown>;
}

/** Validates a create request with the domain schemas (VALIDATION errors name the field). */
export function parseCreateRunInput(input: CreateRunInput) {
  const status = input.status ?? "running";
  if (status !== "pending" && status !== "running") {
    invalid("status", "a run is created pending or running");
  }
  return {
    clientId: parseField(clientIdSchema, input.clientId, "clientId"),
    runId: input.runId === undefined ? undefined : parseField(runIdSchema, input.runId, "runId"),
    dossierId:
      input.dossierId === undefined
        ? undefined
        : parseField(dossierIdSchema, input.dossierId, "dossierId"),
    status,
    seedData: parseJsonObject(input.seedData, "seedData"),
    triggeredBy:
      input.triggeredBy == null
        ? null
        : parseField(triggeredBySchema, input.triggeredBy, "triggeredBy"),
    configSnapshot:
      input.configSnapshot === undefined
        ? undefined
        : parseJsonObject(input.configSnapshot, "configSnapshot"),
  };
}
