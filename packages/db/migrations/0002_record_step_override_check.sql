-- record_run_step gains p_override_models (last, DEFAULT NULL): the one-round-trip
-- path of recordStep prices a step from the catalog alone and passes the step's model
-- match keys (lower-cased and trimmed: the full name and the name after its
-- "provider/" prefix, as src/repo/prices/model-match.ts computes them). After the run
-- is locked and the step is known to be new (a retried duplicate or a conflicting
-- reuse is answered exactly as before, so it never trips the check), the function
-- raises CLPO1 (SQLSTATE of our own, class "CL": columnline) if any price override
-- could apply to the step: same model rule as overridesMatchingModel, global or the
-- run's client's, effective_from at or before the step's recorded_at. Nothing is
-- written; recordStep then loads the overrides, prices the step with them and calls
-- again. NULL (the default: pgbench, the bench baseline, direct callers) skips the
-- check, which is the previous behaviour.
-- A new parameter changes the function's identity: the old one is dropped first so
-- that calls with the first six arguments (positional) or with names stay unambiguous.
DROP FUNCTION IF EXISTS public.record_run_step(
  text, text, integer, integer, numeric, text, text, text, text,
  integer, integer, integer, text, text, jsonb, numeric, timestamptz
);
--> statement-breakpoint

-- record_run_step: exactly-once step recording in one call (one transaction):
-- locks the run, inserts the ledger row keyed by (run_id, step_id) and adds its
-- tokens/cost to the run. A retry with the same request_fingerprint returns the
-- stored step and the run unchanged with duplicate = true; the same step_id with
-- a different fingerprint is a conflict (23505). Steps on a completed or failed
-- run are still counted, marked late. Any error writes nothing (ledger nor run).
CREATE OR REPLACE FUNCTION public.record_run_step(
  p_run_id text,
  p_step_id text,
  p_input_tokens integer,
  p_output_tokens integer,
  p_cost numeric,
  p_request_fingerprint text,
  p_step_name text DEFAULT NULL,
  p_model text DEFAULT NULL,
  p_provider text DEFAULT NULL,
  p_cache_read_tokens integer DEFAULT 0,
  p_cache_write_tokens integer DEFAULT 0,
  p_reasoning_tokens integer DEFAULT 0,
  p_cost_source text DEFAULT NULL,
  p_unpriced_reason text DEFAULT NULL,
  p_price_details jsonb DEFAULT NULL,
  p_reported_cost numeric DEFAULT NULL,
  p_recorded_at timestamptz DEFAULT NULL,
  p_override_models text[] DEFAULT NULL,
  OUT duplicate boolean,
  OUT step_row_id bigint,
  OUT step_id text,
  OUT step_name text,
  OUT model text,
  OUT provider text,
  OUT input_tokens integer,
  OUT output_tokens integer,
  OUT cache_read_tokens integer,
  OUT cache_write_tokens integer,
  OUT reasoning_tokens integer,
  OUT tokens integer,
  OUT cost numeric,
  OUT cost_source text,
  OUT unpriced_reason text,
  OUT price_details jsonb,
  OUT reported_cost numeric,
  OUT late boolean,
  OUT request_fingerprint text,
  OUT recorded_at timestamptz,
  OUT run_id text,
  OUT client_id text,
  OUT run_status text,
  OUT total_tokens integer,
  OUT total_cost numeric,
  OUT total_cost_exact numeric,
  OUT last_activity_at timestamptz
)
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = public, pg_temp
AS $function$
#variable_conflict use_column
DECLARE
  v_status text;
  v_client_id text;
  v_cost_source text := coalesce(p_cost_source, CASE WHEN p_cost IS NULL THEN 'unpriced' ELSE 'computed' END);
  v_step public.v2_run_steps%ROWTYPE;
  v_totals record;
BEGIN
  IF p_run_id IS NULL OR p_step_id IS NULL OR p_step_id = '' THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'record_run_step: p_run_id and p_step_id must be non-empty';
  END IF;
  IF p_request_fingerprint IS NULL OR p_request_fingerprint = '' THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'record_run_step: p_request_fingerprint must be non-empty';
  END IF;
  IF p_input_tokens IS NULL OR p_input_tokens < 0 OR p_output_tokens IS NULL OR p_output_tokens < 0
     OR p_cache_read_tokens IS NULL OR p_cache_read_tokens < 0
     OR p_cache_write_tokens IS NULL OR p_cache_write_tokens < 0
     OR p_reasoning_tokens IS NULL OR p_reasoning_tokens < 0 THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'record_run_step: token counts must be non-negative integers';
  END IF;
  IF p_input_tokens::bigint + p_output_tokens > 2147483647 THEN
    RAISE EXCEPTION USING ERRCODE = '22003',
      MESSAGE = format('record_run_step: step %s tokens (%s + %s) exceed INTEGER; nothing was written', p_step_id, p_input_tokens, p_output_tokens);
  END IF;
  IF p_cost < 0 OR p_reported_cost < 0 THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'record_run_step: costs must be non-negative';
  END IF;
  IF p_cost >= 10000000000 OR p_reported_cost >= 10000000000 THEN
    RAISE EXCEPTION USING ERRCODE = '22003',
      MESSAGE = format('record_run_step: step %s cost exceeds NUMERIC(20,10); nothing was written', p_step_id);
  END IF;
  IF v_cost_source NOT IN ('computed', 'reported', 'unpriced')
     OR (v_cost_source = 'unpriced') <> (p_cost IS NULL) THEN
    RAISE EXCEPTION USING ERRCODE = '22023',
      MESSAGE = format('record_run_step: cost_source %s does not match cost %s (unpriced exactly when cost is null)', v_cost_source, coalesce(p_cost::text, 'NULL'));
  END IF;

  -- Serializes steps of one run; FOR NO KEY UPDATE still lets FK checks (KEY SHARE) through.
  SELECT r.status, r.client_id INTO v_status, v_client_id
    FROM public.v2_runs AS r
   WHERE r.run_id = p_run_id
     FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('run %s not found', p_run_id);
  END IF;
  IF v_status = 'pending' THEN
    RAISE EXCEPTION USING ERRCODE = '55000',
      MESSAGE = format('run %s is pending; steps can be recorded once it is running', p_run_id);
  END IF;

  -- Optimistic pricing (see the header): only for a step not recorded yet, so a retry
  -- or a conflicting reuse below gets the same answer as without the check.
  IF p_override_models IS NOT NULL AND cardinality(p_override_models) > 0
     AND NOT EXISTS (
       SELECT 1 FROM public.v2_run_steps AS s
        WHERE s.run_id = p_run_id AND s.step_id = p_step_id)
     AND EXISTS (
       SELECT 1 FROM public.v2_model_prices AS mp
        WHERE (lower(btrim(mp.model)) = ANY (p_override_models)
               OR (strpos(lower(btrim(mp.model)), '/') > 1
                   AND substr(lower(btrim(mp.model)), strpos(lower(btrim(mp.model)), '/') + 1) = ANY (p_override_models)))
          AND (mp.client_id IS NULL OR mp.client_id = v_client_id)
          AND mp.effective_from <= coalesce(p_recorded_at, now())) THEN
    RAISE EXCEPTION USING ERRCODE = 'CLPO1',
      MESSAGE = format('record_run_step: a price override may apply to model %s of step %s; price with overrides and call again (nothing was written)', p_model, p_step_id);
  END IF;

  INSERT INTO public.v2_run_steps AS s (
    run_id, step_id, step_name, model, provider,
    input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
    cost, cost_source, unpriced_reason, price_details, reported_cost,
    late, request_fingerprint, recorded_at
  ) VALUES (
    p_run_id, p_step_id, p_step_name, p_model, p_provider,
    p_input_tokens, p_output_tokens, p_cache_read_tokens, p_cache_write_tokens, p_reasoning_tokens,
    p_cost, v_cost_source, p_unpriced_reason, p_price_details, p_reported_cost,
    v_status IN ('completed', 'failed'), p_request_fingerprint, coalesce(p_recorded_at, now())
  )
  ON CONFLICT ON CONSTRAINT v2_run_steps_run_id_step_id_key DO NOTHING
  RETURNING s.* INTO v_step;

  IF FOUND THEN
    -- The stored (rounded to NUMERIC(20,10)) cost, so run totals equal ledger sums exactly.
    SELECT t.run_id, t.total_tokens, t.total_cost, t.total_cost_exact, t.last_activity_at
      INTO v_totals
      FROM public.increment_run_costs(p_run_id, v_step.tokens, coalesce(v_step.cost, 0)) AS t;
    duplicate := false;
  ELSE
    SELECT s.* INTO v_step
      FROM public.v2_run_steps AS s
     WHERE s.run_id = p_run_id AND s.step_id = p_step_id;
    IF v_step.request_fingerprint IS DISTINCT FROM p_request_fingerprint THEN
      RAISE EXCEPTION USING ERRCODE = '23505',
        CONSTRAINT = 'v2_run_steps_run_id_step_id_key',
        MESSAGE = format('step %s of run %s was already recorded with a different request', p_step_id, p_run_id);
    END IF;
    SELECT r.run_id, r.total_tokens, r.total_cost, r.total_cost_exact, r.last_activity_at
      INTO v_totals
      FROM public.v2_runs AS r
     WHERE r.run_id = p_run_id;
    duplicate := true;
  END IF;

  step_row_id := v_step.id;
  step_id := v_step.step_id;
  step_name := v_step.step_name;
  model := v_step.model;
  provider := v_step.provider;
  input_tokens := v_step.input_tokens;
  output_tokens := v_step.output_tokens;
  cache_read_tokens := v_step.cache_read_tokens;
  cache_write_tokens := v_step.cache_write_tokens;
  reasoning_tokens := v_step.reasoning_tokens;
  tokens := v_step.tokens;
  cost := v_step.cost;
  cost_source := v_step.cost_source;
  unpriced_reason := v_step.unpriced_reason;
  price_details := v_step.price_details;
  reported_cost := v_step.reported_cost;
  late := v_step.late;
  request_fingerprint := v_step.request_fingerprint;
  recorded_at := v_step.recorded_at;
  run_id := v_totals.run_id;
  client_id := v_client_id;
  run_status := v_status;
  total_tokens := v_totals.total_tokens;
  total_cost := v_totals.total_cost;
  total_cost_exact := v_totals.total_cost_exact;
  last_activity_at := v_totals.last_activity_at;
END;
$function$;
