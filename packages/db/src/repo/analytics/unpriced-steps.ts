import { sql } from "drizzle-orm";
import type { DbHandle } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { queryRows, readDate, readNullableText, readText } from "../../internal/rows";
import { invalid, parseLimit } from "../../internal/validate";
import { withoutJit } from "./no-jit";
import { singleRange } from "./run-range-sums";
import { stepRangeSums } from "./step-range-sums";

export interface UnpricedStep {
  runId: string;
  stepId: string;
  stepName: string | null;
  model: string | null;
  provider: string | null;
  /** Why no price applied, as recorded with the step. */
  reason: string | null;
  recordedAt: Date;
}

export interface UnpricedSteps {
  /** Unpriced steps recorded in the range, all pages. */
  total: number;
  steps: UnpricedStep[];
  nextCursor: string | null;
}

export interface UnpricedStepsFilter {
  /** Inclusive lower bound on recorded_at. */
  from?: Date;
  /** Exclusive upper bound on recorded_at. */
  to?: Date;
  limit?: number;
  cursor?: string;
}

export const MAX_UNPRICED_STEPS_PAGE = 500;

/** Opaque: base64url of [recorded_at as PostgreSQL prints it in UTC (microseconds), row id]. */
const encodeCursor = (recordedAt: string, id: string) =>
  Buffer.from(JSON.stringify([recordedAt, id])).toString("base64url");

function decodeCursor(text: string): { recordedAt: string; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [recordedAt, id] = parsed as unknown[];
      if (
        typeof recordedAt === "string" &&
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(recordedAt) &&
        typeof id === "string" &&
        /^\d{1,18}$/.test(id)
      ) {
        return { recordedAt, id };
      }
    }
  } catch {
    // Fall through to the validation error.
  }
  return invalid("cursor", "is not a cursor returned by unpriced-steps");
}

/** Unpriced steps, newest first, with the range's total (from the rollups: never a scan). */
export async function unpricedSteps(
  handle: DbHandle,
  filter: UnpricedStepsFilter = {},
): Promise<UnpricedSteps> {
  const limit = parseLimit(filter.limit, 50, MAX_UNPRICED_STEPS_PAGE);
  const after = filter.cursor === undefined ? null : decodeCursor(filter.cursor);
  if (filter.from && filter.to && filter.from.getTime() >= filter.to.getTime()) {
    invalid("to", "must be after from");
  }
  const conditions = [sql`s.cost_source = 'unpriced'`];
  if (filter.from) conditions.push(sql`s.recorded_at >= ${filter.from.toISOString()}::timestamptz`);
  if (filter.to) conditions.push(sql`s.recorded_at < ${filter.to.toISOString()}::timestamptz`);
  if (after) {
    conditions.push(
      sql`(s.recorded_at, s.id) < (${after.recordedAt}::timestamptz, ${after.id}::bigint)`,
    );
  }
  return withDomainErrors(() =>
    withoutJit(handle, async (executor) => {
      const [sum] = await stepRangeSums(
        executor,
        singleRange(filter.from, filter.to),
        null,
        undefined,
        filter.from !== undefined && filter.to !== undefined,
      );
      const rows = await queryRows(
        executor,
        sql`SELECT s.id::text AS id, s.run_id, s.step_id, s.step_name, s.model, s.provider,
                 coalesce(s.unpriced_reason, s.price_details ->> 'reason') AS reason,
                 to_char(s.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at
            FROM v2_run_steps AS s
           WHERE ${sql.join(conditions, sql` AND `)}
           ORDER BY s.recorded_at DESC, s.id DESC
           LIMIT ${limit + 1}`,
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        total: sum ? sum.unpricedSteps : 0,
        steps: page.map((row) => ({
          runId: readText(row.run_id),
          stepId: readText(row.step_id),
          stepName: readNullableText(row.step_name),
          model: readNullableText(row.model),
          provider: readNullableText(row.provider),
          reason: readNullableText(row.reason),
          recordedAt: readDate(row.recorded_at),
        })),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor(readText(last.recorded_at), readText(last.id))
            : null,
      };
    }),
  );
}
