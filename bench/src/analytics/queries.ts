/**
 * The seed's three cost queries, verbatim from shared/seed/v2_runs.md (the
 * first with a real run_id in place of 'RUN_...'). The SQL the API runs for the
 * same answers comes from the db package itself (costSummaryQuery, topRunsQuery),
 * so the two can never drift apart.
 */
import { costSummaryQuery, renderQuery, topRunsQuery } from "@columnline/db";

export interface RenderedQuery {
  sql: string;
  params: unknown[];
}
export { SEED_AVERAGE_COST, SEED_MOST_EXPENSIVE, seedRunCost } from "./seed-queries";

/** GET /analytics/cost-summary's query, with its defaults (completed runs). */
export const apiCostSummary = (): RenderedQuery => renderQuery(costSummaryQuery({}));

/** cost-summary without the percentiles: what the seed's average query answers, API-shaped. */
export const API_COST_SUMMARY_NO_PERCENTILES = `SELECT count(*) AS run_count,
       coalesce(sum(r.total_tokens), 0)::text AS total_tokens,
       round(coalesce(sum(r.total_cost), 0), 4)::text AS total_cost,
       round(avg(r.total_tokens), 2)::text AS avg_tokens,
       round(avg(r.total_cost), 4)::text AS avg_cost
  FROM v2_runs AS r
 WHERE r.status = 'completed'`;

/** GET /analytics/top-runs's query, with its defaults (completed runs, limit 10). */
export const apiTopRuns = (): RenderedQuery => renderQuery(topRunsQuery({}));

export const TOP_RUNS_INDEX = "v2_runs_status_total_cost_idx";
