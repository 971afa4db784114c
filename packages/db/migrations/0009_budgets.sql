-- Budgets (issue 15): one per client, and at most one global (client_id NULL) over all
-- clients. Spend is never stored here: it is re-derived from the ledger (rollups + edges)
-- whenever it is read, so the step-recording path is untouched by budgets.
CREATE TABLE "v2_budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" text,
	"period" text NOT NULL,
	"time_zone" text NOT NULL,
	"limit_usd" numeric(22, 10) NOT NULL,
	"thresholds" numeric(6, 4)[] NOT NULL,
	"action" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "v2_budgets_period_check" CHECK ("v2_budgets"."period" IN ('day', 'week', 'month')),
	CONSTRAINT "v2_budgets_action_check" CHECK ("v2_budgets"."action" IN ('block_new_runs', 'notify_only')),
	CONSTRAINT "v2_budgets_limit_check" CHECK ("v2_budgets"."limit_usd" > 0),
	CONSTRAINT "v2_budgets_thresholds_check" CHECK (cardinality("v2_budgets"."thresholds") BETWEEN 1 AND 10)
);
--> statement-breakpoint
ALTER TABLE "v2_budgets" ADD CONSTRAINT "v2_budgets_client_id_v2_clients_client_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."v2_clients"("client_id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- One budget per scope: a client's id, or '' for the global one.
CREATE UNIQUE INDEX "v2_budgets_scope_idx" ON "v2_budgets" USING btree ((coalesce("client_id", '')));
