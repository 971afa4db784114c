import { randomBytes } from "node:crypto";
import { DomainError, type DomainErrorCode } from "@columnline/domain";
import { type SQL, sql } from "drizzle-orm";
import { expect } from "vitest";
import {
  type Client,
  type CreateRunInput,
  createClient,
  createRun,
  type Database,
  type Run,
} from "../src/index";
import { queryRows } from "../src/internal/rows";

let counter = 0;

/** A short token unique within this process, for fresh IDs in every test. */
export function uniqueToken(): string {
  counter += 1;
  return `${Date.now().toString(36)}${counter.toString(36)}${randomBytes(3).toString("hex")}`.toUpperCase();
}

export async function seedClient(
  db: Database,
  config: Record<string, unknown> = { tier: "gold" },
): Promise<Client> {
  return createClient(db, { clientId: `CLT_${uniqueToken()}`, name: "Test client", config });
}

/** A fresh run (for a fresh client unless one is given) at a random second, so IDs never clash. */
export async function seedRun(
  db: Database,
  input: Partial<CreateRunInput> = {},
  now: Date = randomInstant(),
): Promise<Run> {
  const clientId = input.clientId ?? (await seedClient(db)).clientId;
  const { run } = await createRun(db, { status: "running", ...input, clientId }, { now });
  return run;
}

/** A random whole-millisecond instant in 2020-2029. */
export function randomInstant(): Date {
  const start = Date.UTC(2020, 0, 1);
  return new Date(start + Math.floor(Math.random() * 10 * 365 * 86_400_000));
}

/** Rows of a plain SQL query, whichever engine. */
export function rows(db: Database, query: SQL) {
  return queryRows(db.db, query);
}

export async function runTotals(db: Database, runId: string) {
  const [row] = await rows(
    db,
    sql`SELECT total_tokens, total_cost::text AS total_cost, total_cost_exact::text AS total_cost_exact
          FROM v2_runs WHERE run_id = ${runId}`,
  );
  return {
    totalTokens: Number(row?.total_tokens),
    totalCost: String(row?.total_cost),
    totalCostExact: String(row?.total_cost_exact),
  };
}

export async function stepCount(db: Database, runId: string): Promise<number> {
  const [row] = await rows(db, sql`SELECT count(*) AS n FROM v2_run_steps WHERE run_id = ${runId}`);
  return Number(row?.n);
}

/** Asserts the promise rejects with a DomainError of `code`, and returns it. */
export async function expectDomainError(
  promise: Promise<unknown>,
  code: DomainErrorCode,
  message?: RegExp,
): Promise<DomainError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a ${code} DomainError, but it resolved`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  const domainError = error as DomainError;
  expect(domainError.code, domainError.message).toBe(code);
  if (message) expect(domainError.message).toMatch(message);
  return domainError;
}

/** The SQLSTATE a raw SQL statement fails with (walking drizzle's wrapper). */
export async function sqlstateOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    let current: unknown = error;
    while (current instanceof Error) {
      const code = (current as Error & { code?: unknown }).code;
      if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
      current = current.cause;
    }
    throw error;
  }
  throw new Error("expected the statement to fail");
}
