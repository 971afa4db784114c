-- Signed webhooks (issue 15): a transactional outbox. An event is written by emit_event in the
-- same transaction as the change it reports (a rolled-back change leaves no event), together
-- with one pending delivery per enabled endpoint subscribed to its type. The API's delivery
-- worker claims due deliveries (FOR UPDATE SKIP LOCKED + a lease that expires, so a crashed
-- instance's claims are retaken), posts them, and records each attempt's outcome.
CREATE TABLE "v2_webhook_endpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"event_types" text[] NOT NULL,
	"description" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"disabled_reason" text,
	"disabled_at" timestamp with time zone,
	"secret" text NOT NULL,
	"previous_secret" text,
	"previous_secret_expires_at" timestamp with time zone,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "v2_webhook_endpoints_id_check" CHECK ("v2_webhook_endpoints"."id" ~ '^whep_[0-9a-f]{32}$'),
	CONSTRAINT "v2_webhook_endpoints_event_types_check" CHECK ("v2_webhook_endpoints"."event_types" <@ ARRAY['run.completed', 'run.failed', 'budget.threshold_crossed', 'budget.exceeded']::text[] AND cardinality("v2_webhook_endpoints"."event_types") > 0),
	CONSTRAINT "v2_webhook_endpoints_secret_check" CHECK ("v2_webhook_endpoints"."secret" ~ '^whsec_[A-Za-z0-9+/=]{32,}$'),
	CONSTRAINT "v2_webhook_endpoints_previous_secret_check" CHECK (("v2_webhook_endpoints"."previous_secret" IS NULL) = ("v2_webhook_endpoints"."previous_secret_expires_at" IS NULL)),
	CONSTRAINT "v2_webhook_endpoints_failures_check" CHECK ("v2_webhook_endpoints"."consecutive_failures" >= 0)
);
--> statement-breakpoint
CREATE TABLE "v2_webhook_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"dedupe_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "v2_webhook_events_dedupe_key_unique" UNIQUE("dedupe_key"),
	CONSTRAINT "v2_webhook_events_type_check" CHECK ("v2_webhook_events"."type" IN ('run.completed', 'run.failed', 'budget.threshold_crossed', 'budget.exceeded', 'webhook.test'))
);
--> statement-breakpoint
CREATE TABLE "v2_webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"endpoint_id" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_response_code" integer,
	"last_error" text,
	"last_response_body" text,
	"delivered_at" timestamp with time zone,
	"claimed_by" text,
	"lease_token" text,
	"lease_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "v2_webhook_deliveries_event_endpoint_key" UNIQUE("event_id","endpoint_id"),
	CONSTRAINT "v2_webhook_deliveries_status_check" CHECK ("v2_webhook_deliveries"."status" IN ('pending', 'succeeded', 'failed')),
	CONSTRAINT "v2_webhook_deliveries_attempts_check" CHECK ("v2_webhook_deliveries"."attempts" >= 0)
);
--> statement-breakpoint
ALTER TABLE "v2_webhook_deliveries" ADD CONSTRAINT "v2_webhook_deliveries_event_id_v2_webhook_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."v2_webhook_events"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "v2_webhook_deliveries" ADD CONSTRAINT "v2_webhook_deliveries_endpoint_id_v2_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."v2_webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- The worker's claim scans pending deliveries by due time; the log pages an endpoint's newest first.
CREATE INDEX "v2_webhook_deliveries_due_idx" ON "v2_webhook_deliveries" USING btree ("next_attempt_at") WHERE "v2_webhook_deliveries"."status" = 'pending';
--> statement-breakpoint
CREATE INDEX "v2_webhook_deliveries_endpoint_idx" ON "v2_webhook_deliveries" USING btree ("endpoint_id","created_at" DESC,"id" DESC);
--> statement-breakpoint
-- emit_event: writes one event and, in the same call, one pending delivery per enabled
-- endpoint subscribed to p_type, then NOTIFYs the delivery workers (sent at commit). Returns
-- the event id, or NULL when an event with p_dedupe_key already exists (nothing new written;
-- a concurrent caller with the same key waits for the first one's transaction). The caller's
-- transaction decides: a rollback removes the event and its deliveries.
-- SQLSTATE 22023 for a null type/payload; 23514 (the CHECK) for an unknown type.
CREATE OR REPLACE FUNCTION public.emit_event(
  p_type text,
  p_payload jsonb,
  p_dedupe_key text DEFAULT NULL
)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = public, pg_temp
AS $function$
DECLARE
  v_event_id text := 'evt_' || replace(gen_random_uuid()::text, '-', '');
BEGIN
  IF p_type IS NULL OR p_payload IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'emit_event: p_type and p_payload must not be null';
  END IF;
  INSERT INTO public.v2_webhook_events AS e (id, type, payload, dedupe_key)
  VALUES (v_event_id, p_type, p_payload, p_dedupe_key)
  ON CONFLICT ON CONSTRAINT v2_webhook_events_dedupe_key_unique DO NOTHING;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  INSERT INTO public.v2_webhook_deliveries (id, event_id, endpoint_id)
  SELECT 'whdl_' || replace(gen_random_uuid()::text, '-', ''), v_event_id, ep.id
    FROM public.v2_webhook_endpoints AS ep
   WHERE ep.enabled AND p_type = ANY (ep.event_types);
  IF FOUND THEN
    PERFORM pg_notify('columnline_webhook_deliveries', v_event_id);
  END IF;
  RETURN v_event_id;
END;
$function$;
--> statement-breakpoint
-- run.completed / run.failed, written by the status change's own transaction whatever path
-- made it (transitionRun, the timeout reaper, any future batch). Fires on status changes
-- only, so increment_run_costs' updates (the step-recording hot path) never reach it.
-- The payload is a snapshot of the row (numerics as exact text, times as ISO-8601 UTC with
-- milliseconds) that the API maps to GET /api/v1/runs/{run_id}'s shape when it delivers.
-- The reaper sets columnline.run_timed_out for its statement: those failures are timed_out.
CREATE OR REPLACE FUNCTION public.v2_runs_emit_webhook_event() RETURNS trigger
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $function$
DECLARE
  v_type text := 'run.' || NEW.status;
  v_iso text := 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"';
BEGIN
  PERFORM public.emit_event(
    v_type,
    jsonb_build_object(
      'run', jsonb_build_object(
        'run_id', NEW.run_id,
        'client_id', NEW.client_id,
        'dossier_id', NEW.dossier_id,
        'status', NEW.status,
        'seed_data', NEW.seed_data,
        'total_tokens', NEW.total_tokens,
        'total_cost', NEW.total_cost::text,
        'total_cost_exact', NEW.total_cost_exact::text,
        'started_at', to_char(NEW.started_at AT TIME ZONE 'UTC', v_iso),
        'completed_at', to_char(NEW.completed_at AT TIME ZONE 'UTC', v_iso),
        'error_message', NEW.error_message,
        'triggered_by', NEW.triggered_by,
        'config_snapshot', NEW.config_snapshot,
        'created_at', to_char(NEW.created_at AT TIME ZONE 'UTC', v_iso),
        'updated_at', to_char(NEW.updated_at AT TIME ZONE 'UTC', v_iso),
        'last_activity_at', to_char(NEW.last_activity_at AT TIME ZONE 'UTC', v_iso)
      ),
      'timed_out', NEW.status = 'failed' AND coalesce(current_setting('columnline.run_timed_out', true), '') = 'on'
    ),
    v_type || ':' || NEW.run_id
  );
  RETURN NULL;
END;
$function$;
--> statement-breakpoint
CREATE TRIGGER "v2_runs_emit_webhook_event"
AFTER UPDATE OF "status" ON "v2_runs"
FOR EACH ROW
WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status IN ('completed', 'failed'))
EXECUTE FUNCTION public.v2_runs_emit_webhook_event();
