/**
 * The seed's three cost queries, verbatim from shared/seed/v2_runs.md (the first with
 * a real run_id in place of 'RUN_...'). No imports: the bare baseline server bundles it.
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
