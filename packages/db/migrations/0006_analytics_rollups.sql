-- Analytics rollups (issue 14): hourly UTC sums of the step ledger and of runs, kept equal to
-- the ledger by row triggers (so record_run_step, record_run_steps and any future writer
-- maintain them, and 0005's changes to the record functions need no merge; a bulk COPY may
-- turn them off and call rebuild_analytics_rollups() after).
-- Readers sum whole hours from here and read the partial hours at a range's or a local day's
-- edges from the ledger itself, so every time zone and every instant range is exact.
--
-- backend_pid shards each sum by the writing connection: no two live connections ever touch
-- the same rollup row, so recording never waits on (or deadlocks over) a hot rollup row held
-- by another transaction. Readers sum over the shards.
CREATE TABLE "v2_step_rollups" (
	"dimension" text NOT NULL,
	"client_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"grp" text,
	"backend_pid" integer NOT NULL,
	"step_count" bigint NOT NULL,
	"tokens" bigint NOT NULL,
	"cost" numeric NOT NULL,
	"unpriced_steps" bigint NOT NULL,
	CONSTRAINT "v2_step_rollups_key" UNIQUE NULLS NOT DISTINCT("dimension","client_id","hour","grp","backend_pid"),
	CONSTRAINT "v2_step_rollups_dimension_check" CHECK ("v2_step_rollups"."dimension" IN ('model', 'step_name', 'client'))
);
--> statement-breakpoint
CREATE TABLE "v2_run_rollups" (
	"client_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"backend_pid" integer NOT NULL,
	"runs" bigint NOT NULL,
	"total_tokens" bigint NOT NULL,
	"total_cost" numeric NOT NULL,
	CONSTRAINT "v2_run_rollups_key" UNIQUE("client_id","hour","status","backend_pid")
);
--> statement-breakpoint
-- Which steps a rollup row sums: dimension 'model' and 'step_name' group by that column
-- (grp), per client (client_id) and over all clients (client_id = ''); dimension 'client'
-- has one row per client (grp = the client, client_id = ''). Hours are UTC. A row trigger:
-- one INSERT of five rows per step, each into this connection's own shard (no waits).
CREATE FUNCTION public.v2_step_rollups_add() RETURNS trigger
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $function$
DECLARE
  v_client text;
  v_hour timestamptz := date_trunc('hour', NEW.recorded_at, 'UTC');
  v_pid integer := pg_backend_pid();
  v_cost numeric := coalesce(NEW.cost, 0);
  v_unpriced integer := (NEW.cost_source = 'unpriced')::integer;
BEGIN
  SELECT r.client_id INTO v_client FROM public.v2_runs AS r WHERE r.run_id = NEW.run_id;
  INSERT INTO public.v2_step_rollups AS t
         (dimension, client_id, hour, grp, backend_pid, step_count, tokens, cost, unpriced_steps)
  VALUES ('client', '', v_hour, v_client, v_pid, 1, NEW.tokens, v_cost, v_unpriced),
         ('model', '', v_hour, NEW.model, v_pid, 1, NEW.tokens, v_cost, v_unpriced),
         ('model', v_client, v_hour, NEW.model, v_pid, 1, NEW.tokens, v_cost, v_unpriced),
         ('step_name', '', v_hour, NEW.step_name, v_pid, 1, NEW.tokens, v_cost, v_unpriced),
         ('step_name', v_client, v_hour, NEW.step_name, v_pid, 1, NEW.tokens, v_cost, v_unpriced)
  ON CONFLICT ON CONSTRAINT v2_step_rollups_key DO UPDATE
     SET step_count = t.step_count + excluded.step_count,
         tokens = t.tokens + excluded.tokens,
         cost = t.cost + excluded.cost,
         unpriced_steps = t.unpriced_steps + excluded.unpriced_steps;
  RETURN NULL;
END;
$function$;
--> statement-breakpoint
-- Runs by (client or '' for all, UTC hour of started_at, status): the count, and for
-- completed and failed runs the sums of total_tokens and total_cost (a running run's totals
-- move with every step: tracking them would cost every step a rollup write; cost-summary
-- reads running and pending runs from v2_runs). A change moves the run's contribution:
-- minus the old row, plus the new.
CREATE FUNCTION public.v2_run_rollups_change() RETURNS trigger
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $function$
DECLARE
  v_pid integer := pg_backend_pid();
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO public.v2_run_rollups AS t
           (client_id, hour, status, backend_pid, runs, total_tokens, total_cost)
    SELECT c.client_id, date_trunc('hour', OLD.started_at, 'UTC'), OLD.status, v_pid, -1,
           CASE WHEN OLD.status IN ('completed', 'failed') THEN -OLD.total_tokens ELSE 0 END,
           CASE WHEN OLD.status IN ('completed', 'failed') THEN -OLD.total_cost ELSE 0 END
      FROM (VALUES (OLD.client_id), ('')) AS c(client_id)
    ON CONFLICT ON CONSTRAINT v2_run_rollups_key DO UPDATE
       SET runs = t.runs + excluded.runs,
           total_tokens = t.total_tokens + excluded.total_tokens,
           total_cost = t.total_cost + excluded.total_cost;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO public.v2_run_rollups AS t
           (client_id, hour, status, backend_pid, runs, total_tokens, total_cost)
    SELECT c.client_id, date_trunc('hour', NEW.started_at, 'UTC'), NEW.status, v_pid, 1,
           CASE WHEN NEW.status IN ('completed', 'failed') THEN NEW.total_tokens ELSE 0 END,
           CASE WHEN NEW.status IN ('completed', 'failed') THEN NEW.total_cost ELSE 0 END
      FROM (VALUES (NEW.client_id), ('')) AS c(client_id)
    ON CONFLICT ON CONSTRAINT v2_run_rollups_key DO UPDATE
       SET runs = t.runs + excluded.runs,
           total_tokens = t.total_tokens + excluded.total_tokens,
           total_cost = t.total_cost + excluded.total_cost;
  END IF;
  RETURN NULL;
END;
$function$;
--> statement-breakpoint
-- Deferred to commit: record_run_steps records each step in its own subtransaction (an
-- EXCEPTION block), and updating the same rollup rows from one subtransaction after another
-- cost batches ~3x their speed; at commit the updates run in the top transaction. A step
-- rolled back with its subtransaction takes its queued event with it.
CREATE CONSTRAINT TRIGGER v2_run_steps_rollups AFTER INSERT ON public.v2_run_steps
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION public.v2_step_rollups_add();
--> statement-breakpoint
CREATE TRIGGER v2_runs_rollups AFTER INSERT OR DELETE ON public.v2_runs
  FOR EACH ROW EXECUTE FUNCTION public.v2_run_rollups_change();
--> statement-breakpoint
-- Not called for a running run's step (its totals are not tracked): the WHEN is all it costs.
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
-- Rebuilds both rollups from the ledger (the migration's backfill; a bulk loader that turned
-- the triggers off calls it after). Locks both tables so no write slips between.
CREATE FUNCTION public.rebuild_analytics_rollups() RETURNS void
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $function$
BEGIN
  LOCK TABLE public.v2_runs, public.v2_run_steps IN SHARE MODE;
  DELETE FROM public.v2_step_rollups;
  DELETE FROM public.v2_run_rollups;
  INSERT INTO public.v2_step_rollups
         (dimension, client_id, hour, grp, backend_pid, step_count, tokens, cost, unpriced_steps)
  SELECT d.dimension, d.client_id, date_trunc('hour', s.recorded_at, 'UTC'), d.grp, 0,
         count(*), sum(s.tokens), coalesce(sum(s.cost), 0),
         count(*) FILTER (WHERE s.cost_source = 'unpriced')
    FROM public.v2_run_steps AS s
    JOIN public.v2_runs AS r ON r.run_id = s.run_id
   CROSS JOIN LATERAL (VALUES ('model', r.client_id, s.model),
                              ('model', '', s.model),
                              ('step_name', r.client_id, s.step_name),
                              ('step_name', '', s.step_name),
                              ('client', '', r.client_id)) AS d(dimension, client_id, grp)
   GROUP BY 1, 2, 3, 4
   -- In index order, so a range of hours reads few pages (as live writes, hour by hour, do).
   ORDER BY 1, 2, 3, 4;
  INSERT INTO public.v2_run_rollups
         (client_id, hour, status, backend_pid, runs, total_tokens, total_cost)
  SELECT c.client_id, date_trunc('hour', r.started_at, 'UTC'), r.status, 0,
         count(*),
         coalesce(sum(r.total_tokens) FILTER (WHERE r.status IN ('completed', 'failed')), 0),
         coalesce(sum(r.total_cost) FILTER (WHERE r.status IN ('completed', 'failed')), 0)
    FROM public.v2_runs AS r
   CROSS JOIN LATERAL (VALUES (r.client_id), ('')) AS c(client_id)
   GROUP BY 1, 2, 3
   ORDER BY 1, 2, 3;
END;
$function$;
--> statement-breakpoint
SELECT public.rebuild_analytics_rollups();
--> statement-breakpoint
-- Unpriced steps newest first (the unpriced-steps list and its count).
CREATE INDEX "v2_run_steps_unpriced_idx" ON "v2_run_steps" USING btree ("recorded_at" DESC, "id" DESC) WHERE "v2_run_steps"."cost_source" = 'unpriced';
