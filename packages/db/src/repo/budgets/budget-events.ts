import { sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { queryRows, readDate, readText } from "../../internal/rows";

export interface BudgetEvent {
  id: string;
  type: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** The outbox events a budget has emitted, oldest first (threshold order within a sweep). */
export async function budgetEventsOf(handle: DbHandle, budgetId: string): Promise<BudgetEvent[]> {
  return withDomainErrors(async () => {
    const rows = await queryRows(
      executorOf(handle),
      sql`SELECT id, type, dedupe_key, payload::text AS payload, created_at
            FROM v2_webhook_events
           WHERE type LIKE 'budget.%' AND payload->'budget'->>'budget_id' = ${budgetId}
           ORDER BY (payload->>'threshold')::numeric, created_at, id`,
    );
    return rows.map((row) => ({
      id: readText(row.id),
      type: readText(row.type),
      dedupeKey: readText(row.dedupe_key),
      payload: JSON.parse(readText(row.payload)) as Record<string, unknown>,
      createdAt: readDate(row.created_at),
    }));
  });
}
