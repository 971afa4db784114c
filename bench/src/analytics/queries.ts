/**
 * The seed's three cost queries, verbatim from shared/seed/v2_runs.md (the
 * first with a real run_id in place of 'RUN_...'), and the SQL the API runs
 * for the same answers, copied from packages/db/src/repo/analytics
 * (cost-summary.ts, top-runs.ts) with its parameters inlined.
 */
export const seedRunCost = (runId: string) => `SELECT run_id, total_tokens, total_cost
FROM v2_runs
WHERE run_id = '${runId}';`;

export const SEED_AVERAGE_COST = `SELECT AVG(total_cost) as avg_cost,
       AVG(total_tokens) as avg_tokens,
       COUNT(*) as run_count
FROM v2_runs
WHERE status = 'completed';`;

export const SEED_MOST_EXPENSIVE = `SELECT run_id, client_id, total_tokens, total_cost
FROM v2_runs
WHERE status = 'completed'
ORDER BY total_cost DESC
LIMIT 10;`;

export const API_COST_SUMMARY = `SELECT count(*) AS run_count,
       coalesce(sum(r.total_tokens), 0)::text AS total_tokens,
       round(coalesce(sum(r.total_cost), 0), 4)::text AS total_cost,
       round(avg(r.total_tokens), 2)::text AS avg_tokens,
       round(avg(r.total_cost), 4)::text AS avg_cost,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY r.total_cost::float8))::numeric, 4)::text AS p50_cost,
       round((percentile_cont(0.95) WITHIN GROUP (ORDER BY r.total_cost::float8))::numeric, 4)::text AS p95_cost
  FROM v2_runs AS r
 WHERE r.status = 'completed'`;

/** cost-summary without the percentiles: what the seed's average query answers, API-shaped. */
export const API_COST_SUMMARY_NO_PERCENTILES = `SELECT count(*) AS run_count,
       coalesce(sum(r.total_tokens), 0)::text AS total_tokens,
       round(coalesce(sum(r.total_cost), 0), 4)::text AS total_cost,
       round(avg(r.total_tokens), 2)::text AS avg_tokens,
       round(avg(r.total_cost), 4)::text AS avg_cost
  FROM v2_runs AS r
 WHERE r.status = 'completed'`;

export const API_TOP_RUNS = `SELECT r.run_id, r.client_id, r.status, r.total_tokens, r.total_cost
  FROM v2_runs AS r
 WHERE r.status = 'completed'
 ORDER BY r.total_cost DESC, r.run_id
 LIMIT 10`;

export const TOP_RUNS_INDEX = "v2_runs_status_total_cost_idx";
