import type { CostSource, RunStatus } from "@columnline/domain";
import {
  type RawRow,
  readDate,
  readDecimal,
  readJsonObject,
  readNullableDate,
  readNullableDecimal,
  readNullableText,
  readNumber,
  readText,
} from "../../internal/rows";
import type { RunStep, RunTotals } from "./types";

/** A record_run_step result row → the ledger row it stored. */
export function toStep(row: RawRow): RunStep {
  return {
    id: readNumber(row.step_row_id),
    runId: readText(row.run_id),
    stepId: readText(row.step_id),
    stepName: readNullableText(row.step_name),
    model: readNullableText(row.model),
    provider: readNullableText(row.provider),
    inputTokens: readNumber(row.input_tokens),
    outputTokens: readNumber(row.output_tokens),
    cacheReadTokens: readNumber(row.cache_read_tokens),
    cacheWriteTokens: readNumber(row.cache_write_tokens),
    reasoningTokens: readNumber(row.reasoning_tokens),
    usageDetails: readJsonObject(row.usage_details) as Record<string, number> | null,
    tokens: readNumber(row.tokens),
    cost: readNullableDecimal(row.cost),
    costSource: readText(row.cost_source) as CostSource,
    unpricedReason: readNullableText(row.unpriced_reason),
    priceDetails: readJsonObject(row.price_details),
    reportedCost: readNullableDecimal(row.reported_cost),
    late: row.late === true,
    requestFingerprint: readText(row.request_fingerprint),
    recordedAt: readDate(row.recorded_at),
    startedAt: readNullableDate(row.started_at),
    durationMs: row.duration_ms == null ? null : readNumber(row.duration_ms),
    metadata: readJsonObject(row.metadata),
  };
}

export function toRunTotals(row: RawRow, status: RunStatus): RunTotals {
  return {
    runId: readText(row.run_id),
    clientId: readText(row.client_id),
    status,
    totalTokens: readNumber(row.total_tokens),
    totalCost: readDecimal(row.total_cost),
    totalCostExact: readDecimal(row.total_cost_exact),
    lastActivityAt: readDate(row.last_activity_at),
  };
}
