-- record_run_steps: several steps in one call (one statement, one transaction), so a
-- busy API pays one round trip and one commit for a group of steps instead of one
-- each (bench/results/latest.md). Each element is recorded by record_run_step itself,
-- in its own subtransaction: an element that fails (run not found or pending, a
-- conflicting step_id reuse, an overflow, an override that may apply: CLPO1) writes
-- nothing and comes back as an error row, and the other elements are unaffected.
--
-- p_steps is a JSON array of objects keyed like record_run_step's parameters without
-- the p_ prefix; costs and times as strings (exact decimals), override_models a JSON
-- array of text. Elements are recorded in run_id order (then array order), so two
-- concurrent batches lock runs in the same order and cannot deadlock each other.
-- Every element yields one row: `ordinal` is its 1-based position in p_steps; either
-- error_sqlstate is NULL and the rest is record_run_step's answer, or error_* describe
-- what record_run_step raised (error_raised: raised by our own RAISE, so the message
-- is ours to show). Errors that no caller can handle per element (query cancel,
-- statement timeout, lost connection) still abort the whole call.
-- Callers keep batches at 32 elements or fewer: each recorded element holds a
-- subtransaction ID, and past 64 in one transaction PostgreSQL's snapshots slow down.
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
  tokens integer,
  cost numeric,
  cost_source text,
  unpriced_reason text,
  price_details jsonb,
  reported_cost numeric,
  late boolean,
  request_fingerprint text,
  recorded_at timestamptz,
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
             override_models text[]))
           WITH ORDINALITY AS x(run_id, step_id, input_tokens, output_tokens, cost,
             request_fingerprint, step_name, model, provider, cache_read_tokens,
             cache_write_tokens, reasoning_tokens, cost_source, unpriced_reason,
             price_details, reported_cost, recorded_at, override_models, position)
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
                 p_override_models => e.override_models) AS s;
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
      tokens := NULL; cost := NULL; cost_source := NULL; unpriced_reason := NULL;
      price_details := NULL; reported_cost := NULL; late := NULL; request_fingerprint := NULL;
      recorded_at := NULL; run_id := e.run_id; client_id := NULL; run_status := NULL;
      total_tokens := NULL; total_cost := NULL; total_cost_exact := NULL; last_activity_at := NULL;
      RETURN NEXT;
    END;
  END LOOP;
END;
$function$;
