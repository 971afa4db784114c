import { sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { queryRows, readNullableText } from "../../internal/rows";

/**
 * Writes a budget event to the webhooks outbox through public.emit_event, once per
 * dedupe key: the id of the new event, or null when an event with that key exists already
 * (another instance, or an earlier sweep, wrote it).
 */
export async function emitBudgetEvent(
  handle: DbHandle,
  event: { type: string; payload: Record<string, unknown>; dedupeKey: string },
): Promise<string | null> {
  return withDomainErrors(async () => {
    const [row] = await queryRows(
      executorOf(handle),
      sql`SELECT public.emit_event(${event.type}::text, ${JSON.stringify(event.payload)}::jsonb,
                                   ${event.dedupeKey}::text) AS id`,
    );
    return readNullableText(row?.id);
  });
}
