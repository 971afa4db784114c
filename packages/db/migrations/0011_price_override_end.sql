-- Price overrides can be ended (issue 14): an override is in force from effective_from
-- (inclusive) until effective_until (exclusive); NULL is open-ended, as every row so far.
-- A step priced at exactly effective_until is priced as if the override did not exist (the
-- previous override in force, else the catalog). Ending keeps the row, so the steps it
-- priced stay explained by GET /prices?at=; the API only sets an end at or after "now" and
-- refuses to move one that has passed. record_run_step's optimistic override check
-- (0002) still counts ended overrides: a superset, which only sends such steps through
-- the slower path that loads overrides and lets the domain choose.
ALTER TABLE "v2_model_prices" ADD COLUMN "effective_until" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "v2_model_prices" ADD CONSTRAINT "v2_model_prices_effective_range_check" CHECK ("v2_model_prices"."effective_until" IS NULL OR "v2_model_prices"."effective_until" > "v2_model_prices"."effective_from");
