import { DomainError, notFound } from "@columnline/domain";
import { DrizzleQueryError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { toDomainError, UnexpectedDatabaseError } from "../src/index";

/** A driver error as postgres.js or PGlite raise it. */
function pgError(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message ?? "driver text")), fields);
}

/** As drizzle wraps it. */
const wrapped = (cause: Error) => new DrizzleQueryError("select 1", [], cause);

describe("toDomainError", () => {
  it("passes domain errors through unchanged", () => {
    const error = notFound("run", "RUN_X");
    expect(toDomainError(error)).toBe(error);
  });

  it.each([
    ["23505", { constraint_name: "v2_runs_pkey" }, "CONFLICT", /run_id already exists/],
    ["23505", { constraint: "v2_runs_dossier_id_unique" }, "CONFLICT", /dossier_id/],
    [
      "23505",
      { constraint: "v2_clients_pkey", detail: "Key (client_id)=(CLT_A) already exists." },
      "CONFLICT",
      /client/,
    ],
    [
      "23503",
      { detail: 'Key (client_id)=(CLT_GONE) is not present in table "v2_clients".' },
      "NOT_FOUND",
      /client CLT_GONE not found/,
    ],
    [
      "23503",
      { detail: 'Key (run_id)=(RUN_X) is not present in table "v2_runs".' },
      "NOT_FOUND",
      /run RUN_X not found/,
    ],
    [
      "23503",
      { detail: 'Key (client_id)=(CLT_A) is still referenced from table "v2_runs".' },
      "CONFLICT",
      /still referenced/,
    ],
    ["22003", {}, "OVERFLOW", /out of range/],
    [
      "P0002",
      { routine: "exec_stmt_raise", message: "run RUN_X not found" },
      "NOT_FOUND",
      /run RUN_X not found/,
    ],
    [
      "55000",
      { routine: "exec_stmt_raise", message: "run RUN_X is pending; ..." },
      "CONFLICT",
      /pending/,
    ],
    [
      "22023",
      { routine: "exec_stmt_raise", message: "p_tokens must be ..." },
      "VALIDATION",
      /p_tokens/,
    ],
    ["23514", { constraint: "v2_runs_status_check" }, "VALIDATION", /SQLSTATE 23514/],
    ["22P02", {}, "VALIDATION", /SQLSTATE 22P02/],
    // Unavailable: a stable sentence for callers; the driver's words stay in `cause` only.
    [
      "57P01",
      { message: "terminating connection due to administrator command" },
      "UNAVAILABLE",
      /^The database is unavailable; retry shortly$/,
    ],
    [
      "57P03",
      { message: "the database system is starting up" },
      "UNAVAILABLE",
      /^The database is unavailable/,
    ],
    ["08006", { message: "connection failure" }, "UNAVAILABLE", /^The database is unavailable/],
    ["53300", { message: "too many connections" }, "UNAVAILABLE", /^The database is unavailable/],
    [
      "3D000",
      { message: 'database "ledger" does not exist' },
      "UNAVAILABLE",
      /^The database is unavailable/,
    ],
    [
      "28000",
      { message: 'role "ledger" is not permitted to log in' },
      "UNAVAILABLE",
      /^The database is unavailable/,
    ],
    [
      "28P01",
      { message: 'password authentication failed for user "ledger"' },
      "UNAVAILABLE",
      /^The database is unavailable/,
    ],
    ["40P01", { message: "deadlock detected" }, "UNAVAILABLE", /^The database is unavailable/],
  ])("maps SQLSTATE %s %j to %s", (code, fields, expected, message) => {
    for (const raw of [pgError({ code, ...fields }), wrapped(pgError({ code, ...fields }))]) {
      const mapped = toDomainError(raw);
      expect(mapped).toBeInstanceOf(DomainError);
      expect((mapped as DomainError).code).toBe(expected);
      expect(mapped.message).toMatch(message);
      expect((mapped as DomainError).details?.sqlstate).toBe(code);
      expect(mapped.cause).toBe(raw);
    }
  });

  it("does not leak driver text as the message of a non-UNAVAILABLE error it did not raise itself", () => {
    const mapped = toDomainError(
      pgError({
        code: "23505",
        message: 'duplicate key value violates unique constraint "secret_idx"',
        constraint: "secret_idx",
      }),
    );
    expect(mapped.message).not.toContain("secret_idx");
    expect((mapped as DomainError).details?.constraint).toBe("secret_idx");
  });

  it.each([
    "ECONNREFUSED",
    "ECONNRESET",
    "ETIMEDOUT",
    "CONNECTION_ENDED",
    "CONNECTION_CLOSED",
    "CONNECTION_DESTROYED",
    "CONNECT_TIMEOUT",
  ])("maps connection failure %s to UNAVAILABLE", (code) => {
    const mapped = toDomainError(wrapped(pgError({ code, message: `connect ${code}` })));
    expect(mapped).toMatchObject({ code: "UNAVAILABLE" });
  });

  it("finds the code inside an AggregateError (Node's dual-stack connect)", () => {
    const aggregate = new AggregateError([pgError({ code: "ECONNREFUSED" })], "connect failed");
    expect(toDomainError(aggregate)).toMatchObject({ code: "UNAVAILABLE" });
  });

  it("maps a closed embedded database to UNAVAILABLE", () => {
    expect(toDomainError(wrapped(new Error("PGlite is closed")))).toMatchObject({
      code: "UNAVAILABLE",
    });
  });

  it("wraps anything else in UnexpectedDatabaseError, never returning the raw driver error", () => {
    const raw = pgError({ code: "42601", message: "syntax error" });
    const mapped = toDomainError(raw);
    expect(mapped).toBeInstanceOf(UnexpectedDatabaseError);
    expect(mapped).toMatchObject({ sqlstate: "42601" });
    expect(mapped.cause).toBe(raw);
    expect(toDomainError("weird")).toBeInstanceOf(UnexpectedDatabaseError);
  });
});
