/**
 * Sample data for the OpenAPI document, in the README's story: client CLT_ACME_001, run
 * RUN_20260115_181206 with dossier DOSS_20260115_4523, a gpt-4o research step and a
 * claude-sonnet-4-5 writing step at their real catalog prices. Make.com, n8n and Postman
 * import these as sample data; a test validates each against its schema.
 */
export const clientId = "CLT_ACME_001";
export const runId = "RUN_20260115_181206";
export const overrideId = "6f1c2b9e-3a4d-4e5f-8a7b-1c2d3e4f5a6b";
export const keyId = "0b7e4c1a-9d2f-4a3b-8c5d-6e7f8a9b0c1d";

export const client = {
  client_id: clientId,
  name: "Acme",
  config: { tier: "gold" },
  created_at: "2026-01-15T18:00:00.000Z",
  updated_at: "2026-01-15T18:00:00.000Z",
};

export const pendingRun = {
  run_id: runId,
  client_id: clientId,
  dossier_id: "DOSS_20260115_4523",
  status: "pending",
  seed_data: { lead_url: "https://acme.example/lead" },
  total_tokens: 0,
  total_cost: "0.0000",
  total_cost_exact: "0",
  started_at: "2026-01-15T18:12:06.000Z",
  completed_at: null,
  error_message: null,
  triggered_by: "make.com",
  config_snapshot: null,
  created_at: "2026-01-15T18:12:06.000Z",
  updated_at: "2026-01-15T18:12:06.000Z",
  last_activity_at: "2026-01-15T18:12:06.000Z",
};
export const runningRun = {
  ...pendingRun,
  status: "running",
  updated_at: "2026-01-15T18:12:07.000Z",
  last_activity_at: "2026-01-15T18:12:07.000Z",
};
export const completedRun = {
  ...runningRun,
  status: "completed",
  total_tokens: 3000,
  total_cost: "0.0180",
  total_cost_exact: "0.018",
  completed_at: "2026-01-15T18:13:40.000Z",
  updated_at: "2026-01-15T18:13:40.000Z",
  last_activity_at: "2026-01-15T18:13:40.000Z",
};
export const failedRun = {
  ...runningRun,
  status: "failed",
  completed_at: "2026-01-15T18:13:40.000Z",
  error_message: "research step timed out after 120 s",
  updated_at: "2026-01-15T18:13:40.000Z",
  last_activity_at: "2026-01-15T18:13:40.000Z",
};

/** gpt-4o, 1000 input and 500 output tokens: 1000 × 2.5/10^6 + 500 × 10/10^6 = 0.0075. */
export const researchStep = {
  run_id: runId,
  step_id: "research",
  step_name: "Research the lead",
  model: "gpt-4o",
  provider: "openai",
  usage: {
    input_tokens: 1000,
    output_tokens: 500,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    reasoning_tokens: 0,
  },
  tokens: 1500,
  cost: "0.0075",
  cost_source: "computed",
  unpriced_reason: null,
  price_details: {
    source: "catalog",
    catalog: "genai-prices 0.1.8",
    model_id: "gpt-4o",
    provider_id: "openai",
    components: [
      {
        key: "input_mtok",
        usage: "input_tokens",
        quantity: 1000,
        unit_price: "2.5",
        per: 1000000,
        amount: "0.0025",
      },
      {
        key: "output_mtok",
        usage: "output_tokens",
        quantity: 500,
        unit_price: "10",
        per: 1000000,
        amount: "0.005",
      },
    ],
    exact_cost: "0.0075",
  },
  late: false,
  recorded_at: "2026-01-15T18:12:40.000Z",
  started_at: "2026-01-15T18:12:38.250Z",
  duration_ms: 1750,
  completed_at: "2026-01-15T18:12:40.000Z",
  metadata: { prompt_version: "research-v3", attempt: 1 },
};
/** claude-sonnet-4-5, 1000 input and 500 output tokens: 0.003 + 0.0075 = 0.0105. */
export const writeStep = {
  ...researchStep,
  step_id: "write_dossier",
  step_name: "Write the dossier",
  model: "claude-sonnet-4-5",
  provider: "anthropic",
  cost: "0.0105",
  price_details: {
    ...researchStep.price_details,
    model_id: "claude-sonnet-4-5",
    provider_id: "anthropic",
    components: [
      {
        key: "input_mtok",
        usage: "input_tokens",
        quantity: 1000,
        unit_price: "3",
        per: 1000000,
        amount: "0.003",
      },
      {
        key: "output_mtok",
        usage: "output_tokens",
        quantity: 500,
        unit_price: "15",
        per: 1000000,
        amount: "0.0075",
      },
    ],
    exact_cost: "0.0105",
  },
  recorded_at: "2026-01-15T18:13:30.000Z",
  started_at: "2026-01-15T18:13:21.400Z",
  duration_ms: 8600,
  completed_at: "2026-01-15T18:13:30.000Z",
  metadata: { prompt_version: "dossier-v7", attempt: 1 },
};

export const stepRecorded = {
  step: researchStep,
  run: {
    run_id: runId,
    client_id: clientId,
    status: "running",
    total_tokens: 1500,
    total_cost: "0.0075",
    total_cost_exact: "0.0075",
    last_activity_at: "2026-01-15T18:12:40.000Z",
  },
  duplicate: false,
};

export const override = {
  id: overrideId,
  model: "gpt-4o",
  provider: "openai",
  client_id: clientId,
  effective_from: "2026-01-01T00:00:00.000Z",
  effective_until: null,
  input_mtok: "2",
  output_mtok: "8",
  cache_read_mtok: "1",
  cache_write_mtok: null,
  created_at: "2025-12-20T09:30:00.000Z",
};

export const priceLookup = {
  model: "openai/gpt-4o",
  at: "2026-01-15T00:00:00.000Z",
  source: "catalog",
  catalog: "genai-prices 0.1.8",
  model_id: "gpt-4o",
  provider_id: "openai",
  override_id: null,
  unit_prices: {
    input_mtok: "2.5",
    output_mtok: "10",
    cache_read_mtok: "1.25",
    cache_write_mtok: "0",
  },
  tier: null,
  prices: [
    { key: "input_mtok", usage: "input_tokens", unit_price: "2.5", per: 1000000 },
    { key: "cache_read_mtok", usage: "cache_read_tokens", unit_price: "1.25", per: 1000000 },
    { key: "output_mtok", usage: "output_tokens", unit_price: "10", per: 1000000 },
  ],
};

export const apiKey = {
  id: keyId,
  name: "step-runner",
  key_prefix: "clr_3f9a",
  scopes: ["runs:write", "runs:read"],
  created_at: "2026-01-15T17:55:00.000Z",
  last_used_at: "2026-01-15T18:12:40.000Z",
  revoked_at: null,
};
