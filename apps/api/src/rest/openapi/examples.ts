import { budgetExamples, budgetExceededExample } from "./budget-examples";
import * as data from "./example-data";
import { overviewExamples } from "./overview-examples";
import { webhookExamples } from "./webhook-examples";

/** An operation's sample request (parameters and body) and its success answers by status. */
export interface OperationExamples {
  parameters?: Record<string, string | number>;
  request?: Record<string, unknown>;
  responses: Record<string, unknown>;
}

const ledgerTotals = { step_count: 1, tokens: 1500, unpriced_steps: 0 };
const runParam = { run_id: data.runId };

/** By operationId; a test checks every operation has one and each validates against its schema. */
export const operationExamples: Record<string, OperationExamples> = {
  clientsCreate: {
    request: { client_id: data.clientId, name: "Acme", config: { tier: "gold" } },
    responses: { "201": data.client },
  },
  clientsList: {
    parameters: { limit: 50 },
    responses: { "200": { items: [data.client], next_cursor: null } },
  },
  clientsGet: { parameters: { client_id: data.clientId }, responses: { "200": data.client } },
  clientsUpdate: {
    parameters: { client_id: data.clientId },
    request: { name: "Acme Corp" },
    responses: {
      "200": { ...data.client, name: "Acme Corp", updated_at: "2026-01-15T18:05:00.000Z" },
    },
  },
  runsCreate: {
    request: {
      client_id: data.clientId,
      run_id: data.runId,
      dossier_id: "DOSS_20260115_4523",
      seed_data: { lead_url: "https://acme.example/lead" },
      triggered_by: "make.com",
    },
    responses: { "201": data.pendingRun, "200": data.pendingRun },
  },
  runsList: {
    parameters: {
      client_id: data.clientId,
      status: "completed",
      min_cost: "0.01",
      q: "RUN_20260115",
      sort: "total_cost",
      order: "desc",
      limit: 20,
    },
    responses: { "200": { items: [data.completedRun], next_cursor: null } },
  },
  runsGet: { parameters: runParam, responses: { "200": data.completedRun } },
  runsStart: { parameters: runParam, request: {}, responses: { "200": data.runningRun } },
  runsComplete: { parameters: runParam, request: {}, responses: { "200": data.completedRun } },
  runsFail: {
    parameters: runParam,
    request: { error_message: "research step timed out after 120 s" },
    responses: { "200": data.failedRun },
  },
  stepsRecord: {
    parameters: runParam,
    request: {
      step_id: "research",
      step_name: "Research the lead",
      model: "gpt-4o",
      usage: { input_tokens: 1000, output_tokens: 500 },
      started_at: "2026-01-15T18:12:38.250Z",
      duration_ms: 1750,
      metadata: { prompt_version: "research-v3", attempt: 1 },
    },
    responses: {
      "201": data.stepRecorded,
      "200": { ...data.stepRecorded, duplicate: true },
    },
  },
  stepsList: { parameters: runParam, responses: { "200": [data.researchStep, data.writeStep] } },
  analyticsCostSummary: {
    parameters: { status: "completed", from: "2026-01-01", to: "2026-02-01" },
    responses: {
      "200": {
        run_count: 1,
        total_tokens: 3000,
        total_cost: "0.0180",
        avg_tokens: "3000.0000",
        avg_cost: "0.0180",
        p50_cost: "0.0180",
        p95_cost: "0.0180",
      },
    },
  },
  analyticsTopRuns: {
    parameters: { limit: 10 },
    responses: {
      "200": [
        {
          run_id: data.runId,
          client_id: data.clientId,
          status: "completed",
          total_tokens: 3000,
          total_cost: "0.0180",
        },
      ],
    },
  },
  analyticsCostByModel: {
    parameters: { client_id: data.clientId },
    responses: {
      "200": [
        { model: "claude-sonnet-4-5", ...ledgerTotals, cost: "0.0105", cost_exact: "0.0105" },
        { model: "gpt-4o", ...ledgerTotals, cost: "0.0075", cost_exact: "0.0075" },
      ],
    },
  },
  analyticsCostByDay: {
    parameters: { from: "2026-01-15", to: "2026-01-16" },
    responses: {
      "200": [
        {
          day: "2026-01-15",
          ...ledgerTotals,
          step_count: 2,
          tokens: 3000,
          cost: "0.0180",
          cost_exact: "0.018",
        },
      ],
    },
  },
  ...overviewExamples,
  pricesLookup: {
    parameters: { model: "openai/gpt-4o", at: "2026-01-15" },
    responses: { "200": data.priceLookup },
  },
  pricesPutOverride: {
    request: {
      model: "gpt-4o",
      provider: "openai",
      client_id: data.clientId,
      effective_from: "2026-01-01T00:00:00Z",
      input_mtok: "2",
      output_mtok: "8",
      cache_read_mtok: "1",
    },
    responses: { "200": data.override },
  },
  pricesListOverrides: {
    parameters: { client_id: data.clientId },
    responses: { "200": [data.override] },
  },
  pricesEndOverride: {
    parameters: { id: data.overrideId },
    request: {},
    responses: { "200": { ...data.override, effective_until: "2026-01-16T09:00:00.000Z" } },
  },
  pricesDeleteOverride: {
    parameters: { id: data.overrideId },
    responses: { "200": data.override },
  },
  keysCreate: {
    request: { name: "step-runner", scopes: ["runs:write", "runs:read"] },
    responses: {
      "201": { ...data.apiKey, last_used_at: null, key: "clr_3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c" },
    },
  },
  keysList: { responses: { "200": [data.apiKey] } },
  keysRevoke: {
    parameters: { id: data.keyId },
    responses: { "200": { ...data.apiKey, revoked_at: "2026-01-16T09:00:00.000Z" } },
  },
  ...budgetExamples,
  ...webhookExamples,
};

/** One realistic error body per status, for every operation that can answer it. */
export const errorExamples: Record<string, Record<string, unknown>> = {
  "400": {
    code: "VALIDATION",
    message: "usage.input_tokens is required",
    issues: [{ path: "usage.input_tokens", message: "input_tokens is required" }],
  },
  "402": budgetExceededExample,
  "401": { code: "UNAUTHORIZED", message: "invalid or revoked API key" },
  "403": { code: "FORBIDDEN", message: "This API key lacks the runs:write scope" },
  "404": { code: "NOT_FOUND", message: `run ${data.runId} not found` },
  "405": {
    code: "METHOD_NOT_ALLOWED",
    message: "Use GET or HEAD on /api/v1/runs/RUN_20260115_181206",
  },
  "409": {
    code: "CONFLICT",
    message: `run ${data.runId} is completed; it cannot move to running`,
  },
  "413": { code: "PAYLOAD_TOO_LARGE", message: "Request body over 1 MiB" },
  "422": { code: "OVERFLOW", message: "The run's total_tokens would exceed 2147483647" },
  "503": { code: "UNAVAILABLE", message: "Database unavailable; retry shortly" },
};
