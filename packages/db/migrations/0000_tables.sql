CREATE TABLE "v2_api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "v2_api_keys_key_hash_unique" UNIQUE("key_hash"),
	CONSTRAINT "v2_api_keys_scopes_check" CHECK ("v2_api_keys"."scopes" <@ ARRAY['runs:read', 'runs:write', 'admin']::text[] AND cardinality("v2_api_keys"."scopes") > 0),
	CONSTRAINT "v2_api_keys_hash_check" CHECK ("v2_api_keys"."key_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "v2_clients" (
	"client_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "v2_model_prices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model" text NOT NULL,
	"provider" text,
	"client_id" text,
	"effective_from" timestamp with time zone NOT NULL,
	"input_mtok" numeric NOT NULL,
	"output_mtok" numeric NOT NULL,
	"cache_read_mtok" numeric,
	"cache_write_mtok" numeric,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "v2_model_prices_model_client_from_key" UNIQUE NULLS NOT DISTINCT("model","client_id","effective_from"),
	CONSTRAINT "v2_model_prices_non_negative_check" CHECK ("v2_model_prices"."input_mtok" >= 0 AND "v2_model_prices"."output_mtok" >= 0 AND coalesce("v2_model_prices"."cache_read_mtok", 0) >= 0 AND coalesce("v2_model_prices"."cache_write_mtok", 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "v2_run_steps" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "v2_run_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" text NOT NULL,
	"step_id" text NOT NULL,
	"step_name" text,
	"model" text,
	"provider" text,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"cache_read_tokens" integer DEFAULT 0 NOT NULL,
	"cache_write_tokens" integer DEFAULT 0 NOT NULL,
	"reasoning_tokens" integer DEFAULT 0 NOT NULL,
	"tokens" integer GENERATED ALWAYS AS (input_tokens + output_tokens) STORED NOT NULL,
	"cost" numeric(20, 10),
	"cost_source" text NOT NULL,
	"unpriced_reason" text,
	"price_details" jsonb,
	"reported_cost" numeric(20, 10),
	"late" boolean DEFAULT false NOT NULL,
	"request_fingerprint" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "v2_run_steps_run_id_step_id_key" UNIQUE("run_id","step_id"),
	CONSTRAINT "v2_run_steps_cost_source_check" CHECK ("v2_run_steps"."cost_source" IN ('computed', 'reported', 'unpriced')),
	CONSTRAINT "v2_run_steps_tokens_check" CHECK ("v2_run_steps"."input_tokens" >= 0 AND "v2_run_steps"."output_tokens" >= 0 AND "v2_run_steps"."cache_read_tokens" >= 0 AND "v2_run_steps"."cache_write_tokens" >= 0 AND "v2_run_steps"."reasoning_tokens" >= 0),
	CONSTRAINT "v2_run_steps_cost_check" CHECK ("v2_run_steps"."cost" IS NULL OR "v2_run_steps"."cost" >= 0)
);
--> statement-breakpoint
CREATE TABLE "v2_runs" (
	"run_id" text PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"dossier_id" text,
	"status" text NOT NULL,
	"seed_data" jsonb,
	"total_tokens" integer DEFAULT 0 NOT NULL,
	"total_cost" numeric(10, 4) DEFAULT '0' NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"error_message" text,
	"triggered_by" text,
	"config_snapshot" jsonb,
	"total_cost_exact" numeric DEFAULT '0' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "v2_runs_dossier_id_unique" UNIQUE("dossier_id"),
	CONSTRAINT "v2_runs_status_check" CHECK ("v2_runs"."status" IN ('pending', 'running', 'completed', 'failed')),
	CONSTRAINT "v2_runs_triggered_by_check" CHECK ("v2_runs"."triggered_by" IN ('make.com', 'api', 'manual')),
	CONSTRAINT "v2_runs_totals_check" CHECK ("v2_runs"."total_tokens" >= 0 AND "v2_runs"."total_cost_exact" >= 0 AND "v2_runs"."total_cost" = round("v2_runs"."total_cost_exact", 4))
);
--> statement-breakpoint
ALTER TABLE "v2_model_prices" ADD CONSTRAINT "v2_model_prices_client_id_v2_clients_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."v2_clients"("client_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "v2_run_steps" ADD CONSTRAINT "v2_run_steps_run_id_v2_runs_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."v2_runs"("run_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "v2_runs" ADD CONSTRAINT "v2_runs_client_id_v2_clients_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."v2_clients"("client_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "v2_model_prices_client_idx" ON "v2_model_prices" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "v2_run_steps_model_idx" ON "v2_run_steps" USING btree ("model");--> statement-breakpoint
CREATE INDEX "v2_run_steps_recorded_at_idx" ON "v2_run_steps" USING btree ("recorded_at");--> statement-breakpoint
CREATE INDEX "v2_runs_status_total_cost_idx" ON "v2_runs" USING btree ("status","total_cost" DESC NULLS FIRST,"run_id");--> statement-breakpoint
CREATE INDEX "v2_runs_client_started_idx" ON "v2_runs" USING btree ("client_id","started_at","run_id");--> statement-breakpoint
CREATE INDEX "v2_runs_started_idx" ON "v2_runs" USING btree ("started_at","run_id");--> statement-breakpoint
CREATE INDEX "v2_runs_activity_idx" ON "v2_runs" USING btree ("last_activity_at") WHERE "v2_runs"."status" IN ('pending', 'running');