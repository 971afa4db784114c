-- Dashboard sessions (issue 14): the browser holds a random 32-byte token in an HttpOnly
-- cookie; only its SHA-256 hash is stored. A session belongs to a stored API key (deleted
-- with it; revoking the key deletes its sessions too) or, with api_key_id NULL, to the
-- environment's ADMIN_API_KEY through admin_key_proof. Expiry is absolute (expires_at).
CREATE TABLE "v2_dashboard_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"api_key_id" uuid,
	"admin_key_proof" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "v2_dashboard_sessions_token_hash_check" CHECK ("v2_dashboard_sessions"."token_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "v2_dashboard_sessions_owner_check" CHECK (("v2_dashboard_sessions"."api_key_id" IS NULL) <> ("v2_dashboard_sessions"."admin_key_proof" IS NULL)),
	CONSTRAINT "v2_dashboard_sessions_expiry_check" CHECK ("v2_dashboard_sessions"."expires_at" > "v2_dashboard_sessions"."created_at")
);
--> statement-breakpoint
ALTER TABLE "v2_dashboard_sessions" ADD CONSTRAINT "v2_dashboard_sessions_api_key_id_v2_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."v2_api_keys"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "v2_dashboard_sessions_api_key_id_idx" ON "v2_dashboard_sessions" USING btree ("api_key_id");
--> statement-breakpoint
CREATE INDEX "v2_dashboard_sessions_expires_at_idx" ON "v2_dashboard_sessions" USING btree ("expires_at");
