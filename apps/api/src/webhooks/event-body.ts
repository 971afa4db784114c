import type { ClaimedDelivery, Run } from "@columnline/db";
import type { RunStatus, TriggeredBy } from "@columnline/domain";
import { toRunJson } from "../contract/run";

/**
 * The run snapshot the status trigger stored (snake_case, exact decimals as text, ISO times)
 * as the Run GET /api/v1/runs/{run_id} serializes, so both go through toRunJson.
 */
function runFromSnapshot(snapshot: Record<string, unknown>): Run {
  const text = (key: string) => snapshot[key] as string;
  const maybeText = (key: string) => (snapshot[key] ?? null) as string | null;
  const date = (key: string) => new Date(text(key));
  const object = (key: string) => (snapshot[key] ?? null) as Record<string, unknown> | null;
  return {
    runId: text("run_id"),
    clientId: text("client_id"),
    dossierId: maybeText("dossier_id"),
    status: text("status") as RunStatus,
    seedData: object("seed_data"),
    totalTokens: Number(snapshot.total_tokens),
    totalCost: text("total_cost"),
    totalCostExact: text("total_cost_exact"),
    startedAt: date("started_at"),
    completedAt: snapshot.completed_at == null ? null : date("completed_at"),
    errorMessage: maybeText("error_message"),
    triggeredBy: maybeText("triggered_by") as TriggeredBy | null,
    configSnapshot: object("config_snapshot"),
    createdAt: date("created_at"),
    updatedAt: date("updated_at"),
    lastActivityAt: date("last_activity_at"),
  };
}

/** `data` as receivers get it: run events carry the run in the REST API's shape. */
function dataOf(event: ClaimedDelivery["event"]): Record<string, unknown> {
  const { payload } = event;
  if (event.type.startsWith("run.") && payload.run && typeof payload.run === "object") {
    return {
      ...payload,
      run: toRunJson(runFromSnapshot(payload.run as Record<string, unknown>)),
    };
  }
  return payload;
}

/** The body of every attempt: `{type, timestamp, data}` as the Standard Webhooks spec suggests. */
export function webhookBody(event: ClaimedDelivery["event"]): string {
  return JSON.stringify({
    type: event.type,
    timestamp: event.createdAt.toISOString(),
    data: dataOf(event),
  });
}
