ALTER TABLE "v2_run_steps" ADD COLUMN "started_at" timestamp(3) with time zone;--> statement-breakpoint
ALTER TABLE "v2_run_steps" ADD COLUMN "duration_ms" integer;--> statement-breakpoint
ALTER TABLE "v2_run_steps" ADD COLUMN "metadata" jsonb;--> statement-breakpoint
ALTER TABLE "v2_run_steps" ADD CONSTRAINT "v2_run_steps_duration_ms_check" CHECK ("v2_run_steps"."duration_ms" IS NULL OR ("v2_run_steps"."duration_ms" >= 0 AND "v2_run_steps"."duration_ms" <= 604800000));--> statement-breakpoint
ALTER TABLE "v2_run_steps" ADD CONSTRAINT "v2_run_steps_metadata_check" CHECK ("v2_run_steps"."metadata" IS NULL OR jsonb_typeof("v2_run_steps"."metadata") = 'object');--> statement-breakpoint
-- The runs page (runs.list): sort by total_cost with a keyset over (total_cost, run_id), both
-- directions from one index; search q matches a prefix of run_id or dossier_id with LIKE,
-- which only a text_pattern_ops index serves under any database collation.
CREATE INDEX "v2_runs_total_cost_run_idx" ON "v2_runs" USING btree ("total_cost","run_id");--> statement-breakpoint
CREATE INDEX "v2_runs_run_id_pattern_idx" ON "v2_runs" USING btree ("run_id" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "v2_runs_dossier_id_pattern_idx" ON "v2_runs" USING btree ("dossier_id" text_pattern_ops);--> statement-breakpoint
DROP FUNCTION public.record_run_steps(jsonb);
--> statement-breakpoint
DROP FUNCTION public.record_run_step(text, text, integer, integer, numeric, text, text, text, text, integer, integer, integer, text, text, jsonb, numeric, timestamptz, text[], jsonb);
--> statement-breakpoint
-- record_run_step gains p_started_at, p_duration_ms and p_metadata (last, DEFAULT NULL, so
-- callers passing the first arguments by position are unaffected): when the step ran and
-- the caller's own JSON object about it, stored in the new columns and answered as OUT
-- columns started_at, duration_ms, metadata (after recorded_at). The caller includes them
-- in p_request_fingerprint when present, so a retry with the same timing and metadata is a
-- duplicate and the same step_id with others is a conflict. New parameters and OUT columns
-- change the signature: dropped and created again. Otherwise as 0004.
CREATE FUNCTION public.record_run_step(
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
  p_usage_details jsonb DEFAULT NULL,
  p_started_at timestamptz DEFAULT NULL,
  p_duration_ms integer DEFAULT NULL,
  p_metadata jsonb DEFAULT NULL,
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
  OUT usage_details jsonb,
  OUT tokens integer,
  OUT cost numeric,
  OUT cost_source text,
  OUT unpriced_reason text,
  OUT price_details jsonb,
  OUT reported_cost numeric,
  OUT late boolean,
  OUT request_fingerprint text,
  OUT recorded_at timestamptz,
  OUT started_at timestamptz,
  OUT duration_ms integer,
  OUT metadata jsonb,
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
  -- The other usage counts: a JSON object of non-negative integers, or NULL for none.
  IF p_usage_details IS NOT NULL AND (
       jsonb_typeof(p_usage_details) <> 'object'
       OR EXISTS (SELECT 1 FROM jsonb_each(p_usage_details) AS d
                   WHERE jsonb_typeof(d.value) <> 'number'
                      OR d.value::text !~ '^[0-9]+$')) THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'record_run_step: p_usage_details must be a JSON object of non-negative integer counts';
  END IF;
  -- Timing and metadata (0005): the API checks them first with messages per field
  -- (including metadata's 16 KB limit); these keep the ledger's rows sound whoever calls.
  IF p_duration_ms IS NOT NULL AND (p_duration_ms < 0 OR p_duration_ms > 604800000) THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'record_run_step: p_duration_ms must be from 0 to 604800000 (7 days)';
  END IF;
  IF p_metadata IS NOT NULL AND jsonb_typeof(p_metadata) <> 'object' THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'record_run_step: p_metadata must be a JSON object';
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

  INSERT INTO public.v2_run_steps AS s (
    run_id, step_id, step_name, model, provider,
    input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
    usage_details, cost, cost_source, unpriced_reason, price_details, reported_cost,
    late, request_fingerprint, recorded_at, started_at, duration_ms, metadata
  ) VALUES (
    p_run_id, p_step_id, p_step_name, p_model, p_provider,
    p_input_tokens, p_output_tokens, p_cache_read_tokens, p_cache_write_tokens, p_reasoning_tokens,
    p_usage_details, p_cost, v_cost_source, p_unpriced_reason, p_price_details, p_reported_cost,
    v_status IN ('completed', 'failed'), p_request_fingerprint, coalesce(p_recorded_at, now()),
    p_started_at, p_duration_ms, p_metadata
  )
  ON CONFLICT ON CONSTRAINT v2_run_steps_run_id_step_id_key DO NOTHING
  RETURNING s.* INTO v_step;

  IF FOUND THEN
    -- Optimistic pricing (0002's header): checked only for a step that is new, so a retry
    -- or a conflicting reuse gets the same answer as without the check. Raising here rolls
    -- the insert back: nothing is written.
    IF p_override_models IS NOT NULL AND cardinality(p_override_models) > 0
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
  usage_details := v_step.usage_details;
  tokens := v_step.tokens;
  cost := v_step.cost;
  cost_source := v_step.cost_source;
  unpriced_reason := v_step.unpriced_reason;
  price_details := v_step.price_details;
  reported_cost := v_step.reported_cost;
  late := v_step.late;
  request_fingerprint := v_step.request_fingerprint;
  recorded_at := v_step.recorded_at;
  started_at := v_step.started_at;
  duration_ms := v_step.duration_ms;
  metadata := v_step.metadata;
  run_id := v_totals.run_id;
  client_id := v_client_id;
  run_status := v_status;
  total_tokens := v_totals.total_tokens;
  total_cost := v_totals.total_cost;
  total_cost_exact := v_totals.total_cost_exact;
  last_activity_at := v_totals.last_activity_at;
END;
$function$;
--> statement-breakpoint
-- record_run_steps passes each element's started_at, duration_ms and metadata (absent or
-- null for none) and answers their columns; otherwise as 0004. Its result type changes,
-- so it is dropped and created again.
CREATE FUNCTION public.record_run_steps(p_steps jsonb)
RETURNS TABLE (
  ordinal integer,
  error_sqlstate text,
  error_message text,
  error_constraint text,
  error_detail text,
  error_raised boolean,
  duplicate boolean,
  step_row_id bigint,
  step_id text,
  step_name text,
  model text,
  provider text,
  input_tokens integer,
  output_tokens integer,
  cache_read_tokens integer,
  cache_write_tokens integer,
  reasoning_tokens integer,
  usage_details jsonb,
  tokens integer,
  cost numeric,
  cost_source text,
  unpriced_reason text,
  price_details jsonb,
  reported_cost numeric,
  late boolean,
  request_fingerprint text,
  recorded_at timestamptz,
  started_at timestamptz,
  duration_ms integer,
  metadata jsonb,
  run_id text,
  client_id text,
  run_status text,
  total_tokens integer,
  total_cost numeric,
  total_cost_exact numeric,
  last_activity_at timestamptz
)
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = public, pg_temp
AS $function$
#variable_conflict use_column
DECLARE
  e record;
  v_context text;
BEGIN
  IF p_steps IS NULL OR jsonb_typeof(p_steps) <> 'array' THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'record_run_steps: p_steps must be a JSON array';
  END IF;
  FOR e IN
    SELECT x.*
      FROM ROWS FROM (jsonb_to_recordset(p_steps) AS (
             run_id text, step_id text, input_tokens integer, output_tokens integer,
             cost numeric, request_fingerprint text, step_name text, model text,
             provider text, cache_read_tokens integer, cache_write_tokens integer,
             reasoning_tokens integer, cost_source text, unpriced_reason text,
             price_details jsonb, reported_cost numeric, recorded_at timestamptz,
             override_models text[], usage_details jsonb, started_at timestamptz,
             duration_ms integer, metadata jsonb))
           WITH ORDINALITY AS x(run_id, step_id, input_tokens, output_tokens, cost,
             request_fingerprint, step_name, model, provider, cache_read_tokens,
             cache_write_tokens, reasoning_tokens, cost_source, unpriced_reason,
             price_details, reported_cost, recorded_at, override_models, usage_details,
             started_at, duration_ms, metadata, position)
     ORDER BY x.run_id, x.position
  LOOP
    BEGIN
      RETURN QUERY
        SELECT e.position::integer, NULL::text, NULL::text, NULL::text, NULL::text, NULL::boolean, s.*
          FROM public.record_run_step(
                 p_run_id => e.run_id,
                 p_step_id => e.step_id,
                 p_input_tokens => e.input_tokens,
                 p_output_tokens => e.output_tokens,
                 p_cost => e.cost,
                 p_request_fingerprint => e.request_fingerprint,
                 p_step_name => e.step_name,
                 p_model => e.model,
                 p_provider => e.provider,
                 p_cache_read_tokens => coalesce(e.cache_read_tokens, 0),
                 p_cache_write_tokens => coalesce(e.cache_write_tokens, 0),
                 p_reasoning_tokens => coalesce(e.reasoning_tokens, 0),
                 p_cost_source => e.cost_source,
                 p_unpriced_reason => e.unpriced_reason,
                 -- a JSON null stays SQL NULL, never the jsonb value 'null'
                 p_price_details => nullif(e.price_details, 'null'::jsonb),
                 p_reported_cost => e.reported_cost,
                 p_recorded_at => e.recorded_at,
                 p_override_models => e.override_models,
                 p_usage_details => nullif(e.usage_details, 'null'::jsonb),
                 p_started_at => e.started_at,
                 p_duration_ms => e.duration_ms,
                 p_metadata => nullif(e.metadata, 'null'::jsonb)) AS s;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS
        error_sqlstate = RETURNED_SQLSTATE,
        error_message = MESSAGE_TEXT,
        error_constraint = CONSTRAINT_NAME,
        error_detail = PG_EXCEPTION_DETAIL,
        v_context = PG_EXCEPTION_CONTEXT;
      ordinal := e.position;
      error_raised := split_part(v_context, E'\n', 1) LIKE 'PL/pgSQL function %at RAISE';
      error_constraint := nullif(error_constraint, '');
      error_detail := nullif(error_detail, '');
      duplicate := NULL; step_row_id := NULL; step_id := e.step_id; step_name := NULL;
      model := NULL; provider := NULL; input_tokens := NULL; output_tokens := NULL;
      cache_read_tokens := NULL; cache_write_tokens := NULL; reasoning_tokens := NULL;
      usage_details := NULL;
      tokens := NULL; cost := NULL; cost_source := NULL; unpriced_reason := NULL;
      price_details := NULL; reported_cost := NULL; late := NULL; request_fingerprint := NULL;
      recorded_at := NULL; started_at := NULL; duration_ms := NULL; metadata := NULL;
      run_id := e.run_id; client_id := NULL; run_status := NULL;
      total_tokens := NULL; total_cost := NULL; total_cost_exact := NULL; last_activity_at := NULL;
      RETURN NEXT;
    END;
  END LOOP;
END;
$function$;
