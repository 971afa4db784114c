import type { Run } from "../../api-types.js";
import { type Column, renderFields, usd } from "../format.js";

/** A run as `runs get` shows it. */
export function runFields(run: Run): string {
  return renderFields([
    ["run_id", run.run_id],
    ["status", run.status],
    ["client_id", run.client_id],
    ["dossier_id", run.dossier_id],
    ["triggered_by", run.triggered_by],
    ["total_tokens", run.total_tokens],
    ["total_cost", usd(run.total_cost)],
    ["started_at", run.started_at],
    ["completed_at", run.completed_at],
    ["error_message", run.error_message],
    ["seed_data", run.seed_data === null ? null : JSON.stringify(run.seed_data)],
  ]);
}

export const runColumns: Column<Run>[] = [
  { header: "run_id", value: (run) => run.run_id },
  { header: "status", value: (run) => run.status },
  { header: "client_id", value: (run) => run.client_id },
  { header: "triggered_by", value: (run) => run.triggered_by },
  { header: "tokens", value: (run) => run.total_tokens, align: "right" },
  { header: "cost", value: (run) => usd(run.total_cost), align: "right" },
  { header: "started_at", value: (run) => run.started_at },
];
