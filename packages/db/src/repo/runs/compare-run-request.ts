import type { RunStatus } from "@columnline/domain";
import { conflict, type DomainError, transitionTable } from "@columnline/domain";
import { jsonEqual } from "../../internal/canonical-json";
import type { Run } from "./types";

export interface RunCreationRequest {
  runId: string;
  clientId: string;
  dossierId?: string;
  status: RunStatus;
  seedData: Record<string, unknown> | null;
  triggeredBy: string | null;
  configSnapshot?: Record<string, unknown> | null;
}

/** Whether `to` is `from` or can be reached from it (the stored run may have moved on). */
function reachable(from: RunStatus, to: RunStatus): boolean {
  const seen = new Set<RunStatus>([from]);
  const queue: RunStatus[] = [from];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const target of transitionTable[next]) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return seen.has(to);
}

/**
 * A create with an existing run_id is a retry when it asks for what is stored:
 * same client, seed data and trigger (differences named by their column names), the same dossier/config snapshot when it
 * names them, and a status the stored run could have reached from the requested
 * one. Returns the CONFLICT naming the differing fields, or null for a retry.
 */
export function compareRunRequest(stored: Run, request: RunCreationRequest): DomainError | null {
  const differing: string[] = [];
  if (stored.clientId !== request.clientId) differing.push("client_id");
  if (request.dossierId !== undefined && stored.dossierId !== request.dossierId) {
    differing.push("dossier_id");
  }
  if (!reachable(request.status, stored.status)) differing.push("status");
  if (!jsonEqual(stored.seedData, request.seedData)) differing.push("seed_data");
  if (stored.triggeredBy !== request.triggeredBy) differing.push("triggered_by");
  if (
    request.configSnapshot !== undefined &&
    !jsonEqual(stored.configSnapshot, request.configSnapshot)
  ) {
    differing.push("config_snapshot");
  }
  if (differing.length === 0) return null;
  return conflict(`run ${request.runId} already exists with different ${differing.join(", ")}`, {
    runId: request.runId,
    fields: differing,
    currentStatus: stored.status,
  });
}
