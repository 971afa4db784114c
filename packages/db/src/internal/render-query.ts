import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

const dialect = new PgDialect();

/** A drizzle query as PostgreSQL text ($1, $2, ...) and its parameters, e.g. to EXPLAIN it. */
export function renderQuery(query: SQL): { sql: string; params: unknown[] } {
  return dialect.sqlToQuery(query);
}
