-- A monthly UTC grain next to the hourly and daily ones (issue 14). A year of spend per client
-- read 365 daily rows per client and status (about 58K run rows and 15K step rows for 40
-- clients: 187 ms at 1M runs / 5M steps); with months it reads 12 months and the days and
-- hours at the range's ends. The fold and the rebuild write the third grain in the same
-- statements as the other two (one more row per group: the fold's cost grows by its share of
-- groups, not per step). Existing rollups gain their month rows from their day rows.
--
-- Other instances' folds wait: EXCLUSIVE conflicts with the fold's FOR UPDATE on its state
-- row, so no day row is added between the backfill below and the new functions.
LOCK TABLE public.v2_analytics_fold, public.v2_step_rollups, public.v2_run_rollups IN EXCLUSIVE MODE;
--> statement-breakpoint
ALTER TABLE public.v2_step_rollups DROP CONSTRAINT v2_step_rollups_grain_check;
--> statement-breakpoint
-- grain 'month': bucket is the first instant of a UTC calendar month.
ALTER TABLE public.v2_step_rollups ADD CONSTRAINT v2_step_rollups_grain_check CHECK (grain IN ('hour', 'day', 'month'));
--> statement-breakpoint
ALTER TABLE public.v2_run_rollups DROP CONSTRAINT v2_run_rollups_grain_check;
--> statement-breakpoint
ALTER TABLE public.v2_run_rollups ADD CONSTRAINT v2_run_rollups_grain_check CHECK (grain IN ('hour', 'day', 'month'));
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.v2_step_rollups_add(p_fine text, p_after bigint, p_through bigint, p_ordered boolean) RETURNS bigint
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $function$
DECLARE
  v_steps bigint;
BEGIN
  EXECUTE format($sql$
    WITH fine AS MATERIALIZED (%s),
    added AS (
      INSERT INTO public.v2_step_rollups AS t
             (grain, dimension, client_id, bucket, grp, step_count, tokens, cost, unpriced_steps)
      SELECT g.grain, d.dimension, d.client_id,
             CASE g.grain WHEN 'hour' THEN f.hour
                  ELSE date_trunc(g.grain, f.hour, 'UTC') END,
             d.grp, sum(f.n), sum(f.tokens), sum(f.cost), sum(f.unpriced)
        FROM fine AS f
       CROSS JOIN (VALUES ('hour'), ('day'), ('month')) AS g(grain)
       CROSS JOIN LATERAL (VALUES ('model', f.client_id, f.model),
                                  ('model', '', f.model),
                                  ('step_name', f.client_id, f.step_name),
                                  ('step_name', '', f.step_name),
                                  ('client', '', f.client_id)) AS d(dimension, client_id, grp)
       GROUP BY 1, 2, 3, 4, 5
       %s
      ON CONFLICT ON CONSTRAINT v2_step_rollups_key DO UPDATE
         SET step_count = t.step_count + excluded.step_count,
             tokens = t.tokens + excluded.tokens,
             cost = t.cost + excluded.cost,
             unpriced_steps = t.unpriced_steps + excluded.unpriced_steps
      RETURNING 1
    )
    SELECT coalesce((SELECT sum(n) FROM fine), 0) FROM (SELECT count(*) FROM added) AS a
  $sql$, p_fine, CASE WHEN p_ordered THEN 'ORDER BY 1, 2, 3, 4, 5' ELSE '' END)
  INTO v_steps USING p_after, p_through;
  RETURN v_steps;
END;
$function$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.fold_analytics_rollups(
  OUT steps_folded bigint, OUT run_deltas_folded bigint, OUT steps_through bigint
)
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $function$
DECLARE
  v_state public.v2_analytics_fold%ROWTYPE;
  v_safe bigint;
  v_last bigint;
  v_holders text[];
  v_self text;
BEGIN
  steps_folded := 0;
  run_deltas_folded := 0;
  -- Nothing new (no step id drawn since, no run delta, no candidate waiting): return without
  -- locking or writing, so an idle service writes nothing. A step or delta racing this check
  -- is folded by the next call.
  SELECT f.steps_through INTO steps_through
    FROM public.v2_analytics_fold AS f WHERE f.pending_through IS NULL;
  IF FOUND AND NOT EXISTS (SELECT 1 FROM public.v2_run_rollup_deltas)
     AND (SELECT CASE WHEN q.is_called THEN q.last_value ELSE q.last_value - 1 END
            FROM public.v2_run_steps_id_seq AS q) <= steps_through THEN
    RETURN;
  END IF;
  SELECT * INTO v_state FROM public.v2_analytics_fold FOR UPDATE SKIP LOCKED;
  IF NOT FOUND THEN
    -- Another fold is running: it folds what this one would.
    SELECT f.steps_through INTO steps_through FROM public.v2_analytics_fold AS f;
    RETURN;
  END IF;

  WITH moved AS (DELETE FROM public.v2_run_rollup_deltas RETURNING *),
  sums AS (
    SELECT client_id, hour, status, sum(runs) AS runs, sum(total_tokens) AS total_tokens,
           sum(total_cost) AS total_cost, count(*) AS deltas
      FROM moved GROUP BY 1, 2, 3
  ),
  added AS (
    INSERT INTO public.v2_run_rollups AS t
           (grain, client_id, bucket, status, runs, total_tokens, total_cost)
    SELECT g.grain, s.client_id, date_trunc(g.grain, s.hour, 'UTC'), s.status,
           sum(s.runs), sum(s.total_tokens), sum(s.total_cost)
      FROM sums AS s CROSS JOIN (VALUES ('hour'), ('day'), ('month')) AS g(grain)
     GROUP BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT v2_run_rollups_key DO UPDATE
       SET runs = t.runs + excluded.runs,
           total_tokens = t.total_tokens + excluded.total_tokens,
           total_cost = t.total_cost + excluded.total_cost
    RETURNING 1
  )
  SELECT coalesce((SELECT sum(deltas) FROM sums), 0) INTO run_deltas_folded
    FROM (SELECT count(*) FROM added) AS a;

  SELECT l.virtualtransaction INTO v_self
    FROM pg_catalog.pg_locks AS l
   WHERE l.locktype = 'virtualxid' AND l.pid = pg_backend_pid() AND l.granted
   LIMIT 1;
  -- The candidate of the last fold, once no transaction it waited for is alive.
  IF v_state.pending_through IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM pg_catalog.pg_locks AS l
        WHERE l.virtualtransaction = ANY (v_state.pending_holders)) THEN
    v_safe := v_state.pending_through;
    v_state.pending_through := NULL;
    v_state.pending_holders := NULL;
  END IF;
  -- L first, then H (see above): two statements, in this order.
  SELECT CASE WHEN q.is_called THEN q.last_value ELSE q.last_value - 1 END INTO v_last
    FROM public.v2_run_steps_id_seq AS q;
  SELECT array_agg(DISTINCT l.virtualtransaction) INTO v_holders
    FROM pg_catalog.pg_locks AS l
   WHERE l.locktype = 'relation' AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
     AND l.relation = 'public.v2_run_steps'::regclass
     AND l.mode NOT IN ('AccessShareLock', 'RowShareLock')
     AND l.virtualtransaction IS DISTINCT FROM v_self;
  IF v_holders IS NULL THEN
    v_safe := greatest(v_safe, v_last);
    v_state.pending_through := NULL;
    v_state.pending_holders := NULL;
  ELSIF v_state.pending_through IS NULL THEN
    v_state.pending_through := v_last;
    v_state.pending_holders := v_holders;
  END IF;

  IF v_safe > v_state.steps_through THEN
    steps_folded := public.v2_step_rollups_fold_range(v_state.steps_through, v_safe);
    v_state.steps_through := v_safe;
  END IF;
  UPDATE public.v2_analytics_fold AS f
     SET steps_through = v_state.steps_through,
         pending_through = v_state.pending_through,
         pending_holders = v_state.pending_holders,
         folded_at = now();
  steps_through := v_state.steps_through;
END;
$function$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.rebuild_analytics_rollups() RETURNS void
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $function$
DECLARE
  v_last bigint;
BEGIN
  LOCK TABLE public.v2_runs, public.v2_run_steps IN SHARE MODE;
  LOCK TABLE public.v2_analytics_fold, public.v2_run_rollup_deltas IN EXCLUSIVE MODE;
  SELECT greatest(CASE WHEN q.is_called THEN q.last_value ELSE q.last_value - 1 END,
                  (SELECT coalesce(max(s.id), 0) FROM public.v2_run_steps AS s))
    INTO v_last
    FROM public.v2_run_steps_id_seq AS q;
  DELETE FROM public.v2_step_rollups;
  DELETE FROM public.v2_run_rollups;
  DELETE FROM public.v2_run_rollup_deltas;
  -- Every step (all committed: the SHARE lock waited for every writer), joined to its run.
  PERFORM public.v2_step_rollups_add($fine$
    SELECT date_trunc('hour', s.recorded_at, 'UTC') AS hour,
           r.client_id, s.model, s.step_name, count(*) AS n, sum(s.tokens) AS tokens,
           coalesce(sum(s.cost), 0) AS cost, count(*) FILTER (WHERE s.cost_source = 'unpriced') AS unpriced
      FROM public.v2_run_steps AS s JOIN public.v2_runs AS r ON r.run_id = s.run_id
     WHERE s.id > $1 AND s.id <= $2
     GROUP BY 1, 2, 3, 4
  $fine$, 0, v_last, true);
  INSERT INTO public.v2_run_rollups
         (grain, client_id, bucket, status, runs, total_tokens, total_cost)
  SELECT g.grain, c.client_id, date_trunc(g.grain, r.started_at, 'UTC'), r.status,
         count(*),
         coalesce(sum(r.total_tokens) FILTER (WHERE r.status IN ('completed', 'failed')), 0),
         coalesce(sum(r.total_cost) FILTER (WHERE r.status IN ('completed', 'failed')), 0)
    FROM public.v2_runs AS r
   CROSS JOIN (VALUES ('hour'), ('day'), ('month')) AS g(grain)
   CROSS JOIN LATERAL (VALUES (r.client_id), ('')) AS c(client_id)
   GROUP BY 1, 2, 3, 4
   ORDER BY 1, 2, 3, 4;
  UPDATE public.v2_analytics_fold AS f
     SET steps_through = v_last,
         pending_through = NULL, pending_holders = NULL, folded_at = now();
END;
$function$;
--> statement-breakpoint
-- The month rows of what is folded already: sums of its day rows (a UTC day lies in one UTC month).
INSERT INTO public.v2_step_rollups
       (grain, dimension, client_id, bucket, grp, step_count, tokens, cost, unpriced_steps)
SELECT 'month', dimension, client_id, date_trunc('month', bucket, 'UTC'), grp,
       sum(step_count), sum(tokens), sum(cost), sum(unpriced_steps)
  FROM public.v2_step_rollups WHERE grain = 'day'
 GROUP BY 2, 3, 4, 5
 ORDER BY 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO public.v2_run_rollups (grain, client_id, bucket, status, runs, total_tokens, total_cost)
SELECT 'month', client_id, date_trunc('month', bucket, 'UTC'), status,
       sum(runs), sum(total_tokens), sum(total_cost)
  FROM public.v2_run_rollups WHERE grain = 'day'
 GROUP BY 2, 3, 4
 ORDER BY 2, 3, 4;
--> statement-breakpoint
-- Per-client run reads ask for client_id <> '' (every client at once): without a bucket-led
-- index the hourly branch of a read with no whole hours still scanned every hourly row
-- (~22 ms at 200K runs).
CREATE INDEX v2_run_rollups_grain_bucket_idx ON public.v2_run_rollups USING btree (grain, bucket);
--> statement-breakpoint
ANALYZE public.v2_step_rollups, public.v2_run_rollups;
