import { type RunStatus, runStatusSchema } from "@columnline/domain";
import { type SQL, sql } from "drizzle-orm";
import { parseDate, parseField } from "../../internal/validate";

export interface AnalyticsFilter {
  /** Default "completed", as in the seed's cost queries. */
  status?: RunStatus;
  clientId?: string;
  /** Inclusive lower bound on the run's started_at. */
  from?: Date;
  /** Exclusive upper bound on the run's started_at. */
  to?: Date;
}

/** The WHERE clause over v2_runs aliased `r`. */
export function runFilterSql(filter: AnalyticsFilter): SQL {
  const status = parseField(runStatusSchema, filter.status ?? "completed", "status");
  const conditions: SQL[] = [sql`r.status = ${status}`];
  if (filter.clientId !== undefined) conditions.push(sql`r.client_id = ${filter.clientId}`);
  if (filter.from !== undefined) {
    conditions.push(
      sql`r.started_at >= ${parseDate(filter.from, "from").toISOString()}::timestamptz`,
    );
  }
  if (filter.to !== undefined) {
    conditions.push(sql`r.started_at < ${parseDate(filter.to, "to").toISOString()}::timestamptz`);
  }
  return sql.join(conditions, sql` AND `);
}
