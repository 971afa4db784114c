-- Analytics rollups folded off the hot path (issue 14 follow-up to 0006). 0006's row trigger
-- upserted five rollup rows per step at commit and cost step recording ~20% (pgbench); this
-- migration takes every rollup write off the step path:
--
-- * Steps: the ledger is append-only, so it is its own log. fold_analytics_rollups() (the API
--   calls it every few seconds) adds the steps with id in (steps_through, w] to the rollups
--   and moves steps_through to w. Readers add the unfolded tail (id > steps_through, read in
--   the same snapshot as the rollups) to the rollups: exact at any time, whether or not a fold
--   ran. w is a "safe" id: every transaction that could still commit a step with an id <= w
--   has ended (see the function), so no step is ever skipped or folded twice.
-- * Runs change (status, late totals), so their trigger appends narrow delta rows (a plain
--   INSERT: no unique index, no upsert, no shard) that the fold deletes and adds in, in one
--   statement; readers add the deltas not yet folded.
-- * One writer (the fold) means no per-connection shards, and a daily UTC grain next to the
--   hourly one costs writers nothing: long ranges read days, not hours.
-- Everything a fold does is one transaction: a crash leaves the rollups, the watermark and
-- the deltas as they were, and readers stay exact.
DROP TRIGGER v2_run_steps_rollups ON public.v2_run_steps;
--> statement-breakpoint
DROP TRIGGER v2_runs_rollups ON public.v2_runs;
--> statement-breakpoint
DROP TRIGGER v2_runs_rollups_update ON public.v2_runs;
--> statement-breakpoint
DROP FUNCTION public.v2_step_rollups_add();
--> statement-breakpoint
DROP FUNCTION public.v2_run_rollups_change();
--> statement-breakpoint
DROP FUNCTION public.rebuild_analytics_rollups();
--> statement-breakpoint
DROP TABLE public.v2_step_rollups;
--> statement-breakpoint
DROP TABLE public.v2_run_rollups;
--> statement-breakpoint
-- grain 'hour': bucket is a UTC hour; 'day': a UTC day. dimension/client_id/grp as in 0006:
-- 'model' and 'step_name' per client and over all clients (client_id ''), 'client' per client
-- (grp the client, client_id '').
CREATE TABLE "v2_step_rollups" (
	"grain" text NOT NULL,
	"dimension" text NOT NULL,
	"client_id" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"grp" text,
	"step_count" bigint NOT NULL,
	"tokens" bigint NOT NULL,
	"cost" numeric NOT NULL,
	"unpriced_steps" bigint NOT NULL,
	CONSTRAINT "v2_step_rollups_key" UNIQUE NULLS NOT DISTINCT("grain","dimension","client_id","bucket","grp"),
	CONSTRAINT "v2_step_rollups_grain_check" CHECK ("v2_step_rollups"."grain" IN ('hour', 'day')),
	CONSTRAINT "v2_step_rollups_dimension_check" CHECK ("v2_step_rollups"."dimension" IN ('model', 'step_name', 'client'))
);
--> statement-breakpoint
-- Runs by (grain, client or '' for all, bucket of started_at, status); totals of completed
-- and failed runs only, as in 0006.
CREATE TABLE "v2_run_rollups" (
	"grain" text NOT NULL,
	"client_id" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"runs" bigint NOT NULL,
	"total_tokens" bigint NOT NULL,
	"total_cost" numeric NOT NULL,
	CONSTRAINT "v2_run_rollups_key" UNIQUE("grain","client_id","bucket","status"),
	CONSTRAINT "v2_run_rollups_grain_check" CHECK ("v2_run_rollups"."grain" IN ('hour', 'day'))
);
--> statement-breakpoint
-- Run changes not folded yet: +1/-1 rows per (client, UTC hour of started_at, status).
CREATE TABLE "v2_run_rollup_deltas" (
	"client_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"runs" integer NOT NULL,
	"total_tokens" bigint NOT NULL,
	"total_cost" numeric NOT NULL
);
--> statement-breakpoint
-- One row. steps_through: the steps with id <= it are in the rollups. pending_through and
-- pending_holders: a candidate for the next steps_through and the transactions (virtual
-- transaction ids) that held a write lock on v2_run_steps when it was read.
CREATE TABLE "v2_analytics_fold" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"steps_through" bigint NOT NULL,
	"pending_through" bigint,
	"pending_holders" text[],
	"folded_at" timestamp with time zone,
	CONSTRAINT "v2_analytics_fold_one_row" CHECK ("v2_analytics_fold"."id")
);
--> statement-breakpoint
INSERT INTO "v2_analytics_fold" ("steps_through") VALUES (0);
--> statement-breakpoint
-- A run's change as deltas: minus its old row, plus its new (for the client and for '').
CREATE FUNCTION public.v2_run_rollups_change() RETURNS trigger
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $function$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO public.v2_run_rollup_deltas (client_id, hour, status, runs, total_tokens, total_cost)
    SELECT c.client_id, date_trunc('hour', OLD.started_at, 'UTC'), OLD.status, -1,
           CASE WHEN OLD.status IN ('completed', 'failed') THEN -OLD.total_tokens ELSE 0 END,
           CASE WHEN OLD.status IN ('completed', 'failed') THEN -OLD.total_cost ELSE 0 END
      FROM (VALUES (OLD.client_id), ('')) AS c(client_id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO public.v2_run_rollup_deltas (client_id, hour, status, runs, total_tokens, total_cost)
    SELECT c.client_id, date_trunc('hour', NEW.started_at, 'UTC'), NEW.status, 1,
           CASE WHEN NEW.status IN ('completed', 'failed') THEN NEW.total_tokens ELSE 0 END,
           CASE WHEN NEW.status IN ('completed', 'failed') THEN NEW.total_cost ELSE 0 END
      FROM (VALUES (NEW.client_id), ('')) AS c(client_id);
  END IF;
  RETURN NULL;
END;
$function$;
--> statement-breakpoint
CREATE TRIGGER v2_runs_rollups AFTER INSERT OR DELETE ON public.v2_runs
  FOR EACH ROW EXECUTE FUNCTION public.v2_run_rollups_change();
--> statement-breakpoint
-- As 0006: a running run's step (its totals are not tracked) costs only the WHEN.
CREATE TRIGGER v2_runs_rollups_update AFTER UPDATE ON public.v2_runs
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status
        OR OLD.client_id IS DISTINCT FROM NEW.client_id
        OR OLD.started_at IS DISTINCT FROM NEW.started_at
        OR (NEW.status IN ('completed', 'failed')
            AND (OLD.total_cost IS DISTINCT FROM NEW.total_cost
                 OR OLD.total_tokens IS DISTINCT FROM NEW.total_tokens)))
  EXECUTE FUNCTION public.v2_run_rollups_change();
--> statement-breakpoint
-- Adds the step sums `p_fine` selects (hour, client_id, model, step_name, n, tokens, cost,
-- unpriced: per UTC hour, client, model and step name; $1 and $2 are p_after and p_through)
-- to both grains of the step rollups; answers the steps added. Expanding to the five
-- dimensions and two grains after grouping keeps the work proportional to the groups, not to
-- steps x 10. Internal: the fold and the rebuild pass their own SELECT; the rebuild asks for
-- key order (p_ordered), so range reads of a rebuilt table find their rows on few pages.
CREATE FUNCTION public.v2_step_rollups_add(p_fine text, p_after bigint, p_through bigint, p_ordered boolean) RETURNS bigint
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
                  ELSE date_trunc('day', f.hour, 'UTC') END,
             d.grp, sum(f.n), sum(f.tokens), sum(f.cost), sum(f.unpriced)
        FROM fine AS f
       CROSS JOIN (VALUES ('hour'), ('day')) AS g(grain)
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
-- Adds the steps with id in (p_after, p_through] to the step rollups; answers how many. A fold
-- holds a few seconds of steps: grouped per run first and hashed (enable_sort off: no sort of
-- every step), so the client comes from one v2_runs lookup per run, not per step.
CREATE FUNCTION public.v2_step_rollups_fold_range(p_after bigint, p_through bigint) RETURNS bigint
LANGUAGE sql
SET search_path = public, pg_temp
SET enable_sort = off
AS $function$
  SELECT public.v2_step_rollups_add($fine$
    SELECT b.hour, r.client_id, b.model, b.step_name, sum(b.n) AS n, sum(b.tokens) AS tokens,
           sum(b.cost) AS cost, sum(b.unpriced) AS unpriced
      FROM (SELECT date_trunc('hour', s.recorded_at, 'UTC') AS hour,
                   s.run_id, s.model, s.step_name, count(*) AS n, sum(s.tokens) AS tokens,
                   coalesce(sum(s.cost), 0) AS cost,
                   count(*) FILTER (WHERE s.cost_source = 'unpriced') AS unpriced
              FROM public.v2_run_steps AS s
             WHERE s.id > $1 AND s.id <= $2
             GROUP BY 1, 2, 3, 4) AS b
      JOIN public.v2_runs AS r ON r.run_id = b.run_id
     GROUP BY 1, 2, 3, 4
  $fine$, p_after, p_through, false);
$function$;
--> statement-breakpoint
-- Folds what the rollups miss: the run deltas, and the steps up to a safe id. Never waits on
-- writers (a second fold at the same time returns at once), so the API can call it on a timer.
--
-- Why an id is safe: v2_run_steps' ids come from its identity sequence (CACHE 1), drawn by an
-- INSERT that already holds a write lock (ROW EXCLUSIVE) on v2_run_steps until its
-- transaction ends. So with L read from the sequence first and then H, the transactions
-- holding such a lock: every id <= L is either already committed or aborted, or belongs to a
-- transaction in H. Once none of H is alive, every step with id <= L that will ever exist is
-- visible, and a later statement folds them all. With no other holder (always on PGlite) L is
-- safe at once; else (L, H) waits for the next fold (ours ends only our own transaction, whose
-- steps we see and commit with the fold).
CREATE FUNCTION public.fold_analytics_rollups(
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
      FROM sums AS s CROSS JOIN (VALUES ('hour'), ('day')) AS g(grain)
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
-- Rebuilds the rollups from the ledger and runs, and folds everything (the migration's
-- backfill; a bulk loader that turned the run trigger off calls it after). SHARE locks wait
-- for every writer to end and keep new ones out until commit, so the sequence's last value
-- is safe and the deltas are all reflected in v2_runs.
CREATE FUNCTION public.rebuild_analytics_rollups() RETURNS void
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
   CROSS JOIN (VALUES ('hour'), ('day')) AS g(grain)
   CROSS JOIN LATERAL (VALUES (r.client_id), ('')) AS c(client_id)
   GROUP BY 1, 2, 3, 4
   ORDER BY 1, 2, 3, 4;
  UPDATE public.v2_analytics_fold AS f
     SET steps_through = v_last,
         pending_through = NULL, pending_holders = NULL, folded_at = now();
END;
$function$;
--> statement-breakpoint
SELECT public.rebuild_analytics_rollups();
--> statement-breakpoint
-- The new tables' statistics now, not at autovacuum's next pass: without them a year's read
-- plans as if the rollups were empty.
ANALYZE public.v2_step_rollups, public.v2_run_rollups, public.v2_run_rollup_deltas, public.v2_analytics_fold;
