import { DomainError, isDomainError } from "@columnline/domain";
import {
  CONNECTION_ERROR_CODES,
  type DriverError,
  findDriverError,
  isClosedEmbeddedDb,
  isUnavailableSqlstate,
} from "./internal/driver-error";

/**
 * The one place driver errors (postgres.js, PGlite, drizzle's wrapper) become
 * domain errors. Repository functions never let a raw driver error escape.
 */

/** A database failure with no domain meaning (a bug, a broken schema): the API answers 500. */
export class UnexpectedDatabaseError extends Error {
  readonly sqlstate: string | null;

  constructor(message: string, sqlstate: string | null, cause: unknown) {
    super(message, { cause });
    this.name = "UnexpectedDatabaseError";
    this.sqlstate = sqlstate;
  }
}

const UNAVAILABLE_MESSAGE = "The database is unavailable; retry shortly";

/** "Key (client_id)=(CLT_X) is not present ..." → { column: "client_id", value: "CLT_X" }. */
function keyFromDetail(detail: string | null): { column: string; value: string } | null {
  const match = detail ? /^Key \(([^)]+)\)=\((.*)\)/.exec(detail) : null;
  return match ? { column: match[1] ?? "", value: match[2] ?? "" } : null;
}

const uniqueMessages: Record<string, string> = {
  v2_runs_pkey: "a run with this run_id already exists",
  v2_runs_dossier_id_unique: "this dossier_id is already used by another run",
  v2_clients_pkey: "a client with this client_id already exists",
  v2_api_keys_key_hash_unique: "an API key with this hash already exists",
  v2_model_prices_model_client_from_key:
    "a price override for this model, client and effective_from already exists",
  v2_run_steps_run_id_step_id_key: "this step_id was already recorded for the run",
};

/** Referencing column → what the missing row is called in a NOT_FOUND error. */
const foreignKeyTargets: Record<string, string> = {
  client_id: "client",
  run_id: "run",
};

function fromSqlstate(driver: DriverError, cause: unknown): DomainError | UnexpectedDatabaseError {
  const ours = driver.routine === "exec_stmt_raise";
  const details: Record<string, unknown> = { sqlstate: driver.code };
  if (driver.constraint) details.constraint = driver.constraint;
  const key = keyFromDetail(driver.detail);
  const options = { details, cause };

  if (isUnavailableSqlstate(driver.code)) {
    // The driver's own text stays in `cause` for logs; callers get a stable sentence.
    return new DomainError("UNAVAILABLE", UNAVAILABLE_MESSAGE, options);
  }
  switch (driver.code) {
    case "23505": {
      if (key) details[key.column] = key.value;
      const message = ours
        ? driver.message
        : (uniqueMessages[driver.constraint ?? ""] ??
          "a row with the same unique key already exists");
      return new DomainError("CONFLICT", message, options);
    }
    case "23503": {
      // Deleting a row still referenced is a conflict; inserting a dangling reference is a missing row.
      if (driver.detail?.includes("still referenced")) {
        return new DomainError("CONFLICT", "the row is still referenced by other rows", options);
      }
      const what = (key && foreignKeyTargets[key.column]) ?? "referenced row";
      if (key) details[what] = key.value;
      return new DomainError("NOT_FOUND", `${what} ${key?.value ?? ""} not found`.trim(), options);
    }
    case "P0002":
      return new DomainError("NOT_FOUND", ours ? driver.message : "row not found", options);
    case "55000":
      return new DomainError(
        "CONFLICT",
        ours ? driver.message : "the row is not in the required state",
        options,
      );
    case "22003":
      return new DomainError(
        "OVERFLOW",
        ours ? driver.message : "a value is out of range for its column; nothing was written",
        options,
      );
    case "22023":
    case "22P02":
    case "22021":
    case "22001":
    case "22007":
    case "22008":
    case "23502":
    case "23514":
      return new DomainError(
        "VALIDATION",
        ours ? driver.message : `the database rejected a value (SQLSTATE ${driver.code})`,
        {
          ...options,
          issues: [
            {
              path: driver.constraint ?? "",
              message: ours ? driver.message : `rejected by the database (SQLSTATE ${driver.code})`,
            },
          ],
        },
      );
    default:
      return new UnexpectedDatabaseError(
        `Unexpected database error (SQLSTATE ${driver.code}): ${driver.message}`,
        driver.code,
        cause,
      );
  }
}

/** Maps any error thrown while talking to the database to a DomainError where one applies. */
export function toDomainError(error: unknown): DomainError | UnexpectedDatabaseError {
  if (isDomainError(error) || error instanceof UnexpectedDatabaseError) return error;
  if (isClosedEmbeddedDb(error)) {
    return new DomainError("UNAVAILABLE", "Database unavailable: the embedded database is closed", {
      cause: error,
    });
  }
  const driver = findDriverError(error);
  if (driver && CONNECTION_ERROR_CODES.has(driver.code)) {
    return new DomainError("UNAVAILABLE", UNAVAILABLE_MESSAGE, {
      details: { code: driver.code },
      cause: error,
    });
  }
  if (driver && /^[0-9A-Z]{5}$/.test(driver.code)) return fromSqlstate(driver, error);
  const message = error instanceof Error ? error.message : String(error);
  return new UnexpectedDatabaseError(`Unexpected database error: ${message}`, null, error);
}

/** Runs a repository operation, turning whatever it throws into a domain error. */
export async function withDomainErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toDomainError(error);
  }
}
