import type { SQL } from "drizzle-orm";
import type { DbExecutor } from "../client/types";
import { parsePgTimestamp } from "./pg-timestamp";

export type RawRow = Record<string, unknown>;

/**
 * Runs raw SQL and returns its rows. postgres.js yields an array, PGlite an
 * object with `rows`; this hides the difference. Timestamps come back as text
 * and int8 as text or number depending on the driver: read them with the
 * helpers below.
 */
export async function queryRows(executor: DbExecutor, query: SQL): Promise<RawRow[]> {
  const result: unknown = await executor.execute(query);
  if (Array.isArray(result)) return result as RawRow[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  if (Array.isArray(rows)) return rows as RawRow[];
  throw new Error("unexpected driver result: no rows");
}

/** A timestamp as a driver hands it: a Date, or PostgreSQL's text (see parsePgTimestamp). */
export function readDate(value: unknown): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (typeof value === "string") {
    const date = parsePgTimestamp(value);
    if (date !== null) return date;
  }
  throw new Error(`expected a timestamp, got ${String(value)}`);
}

export function readNullableDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : readDate(value);
}

export function readNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint" || typeof value === "string") {
    const number = Number(value);
    if (Number.isFinite(number)) return number;
  }
  throw new Error(`expected a number, got ${String(value)}`);
}

/** Decimal columns stay strings end to end; money is never a float. */
export function readDecimal(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  throw new Error(`expected a decimal, got ${String(value)}`);
}

export function readNullableDecimal(value: unknown): string | null {
  return value === null || value === undefined ? null : readDecimal(value);
}

export function readNullableText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export function readText(value: unknown): string {
  if (value === null || value === undefined) throw new Error("expected text, got null");
  return String(value);
}

export function readJsonObject(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  // Defensive: a driver without a jsonb parser hands back the text.
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return parsed as Record<string, unknown>;
}
