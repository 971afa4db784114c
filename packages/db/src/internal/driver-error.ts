/**
 * Reading driver errors: postgres.js and PGlite name their fields differently,
 * and drizzle wraps both in a DrizzleQueryError whose `cause` is the original.
 */

export interface DriverError {
  code: string;
  message: string;
  constraint: string | null;
  detail: string | null;
  /** "exec_stmt_raise" marks an error our own SQL functions raised, with a message we wrote. */
  routine: string | null;
}

export const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  // postgres.js
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/**
 * SQLSTATEs that mean "the server cannot serve this now; retry later". Connect-time refusals
 * are outages too, not bugs: the database was dropped or not created yet (3D000), the role
 * or its password was rejected (class 28), too many connections (53300), starting up (57P03).
 */
export function isUnavailableSqlstate(code: string): boolean {
  return (
    code.startsWith("08") || // connection exception
    code.startsWith("28") || // invalid authorization: role or password rejected
    code === "3D000" || // invalid catalog name: the database does not exist
    code.startsWith("53") || // insufficient resources (too many connections, disk full)
    code.startsWith("57P") || // admin/crash shutdown, cannot connect now
    code === "40001" || // serialization failure
    code === "40P01" // deadlock detected
  );
}

const stringField = (value: unknown): string | null =>
  typeof value === "string" && value !== "" ? value : null;

function readDriverError(value: unknown): DriverError | null {
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  const code = stringField(record.code);
  if (code === null) return null;
  return {
    code,
    message: stringField(record.message) ?? code,
    // PGlite names it `constraint`, postgres.js `constraint_name`.
    constraint: stringField(record.constraint) ?? stringField(record.constraint_name),
    detail: stringField(record.detail),
    routine: stringField(record.routine),
  };
}

/** Walks drizzle's DrizzleQueryError (and any other wrapper) down to the driver's error. */
export function findDriverError(error: unknown): DriverError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    const found = readDriverError(current);
    if (found) return found;
    if (current instanceof AggregateError && current.errors.length > 0) {
      const inner = findDriverError(current.errors[0]);
      if (inner) return inner;
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return null;
}

export function isClosedEmbeddedDb(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    if (/PGlite is closed/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}
