import { isDomainError } from "@columnline/domain";
import { findDriverError, isClosedEmbeddedDb } from "./internal/driver-error";

/**
 * Why the database is unavailable, in one line for an operator's log: the server's own
 * sentence and its code ("database "ledger" does not exist (SQLSTATE 3D000)", "connect
 * ECONNREFUSED 127.0.0.1:5433 (ECONNREFUSED)"). Callers never see it: API answers carry
 * a stable message, and this text may name hosts, roles and databases.
 */
export function outageCause(error: unknown): string {
  // A domain error's own code is not the driver's: the driver's error is its cause.
  if (isDomainError(error) && error.cause !== undefined) return outageCause(error.cause);
  if (isClosedEmbeddedDb(error)) return "the embedded database is closed";
  const driver = findDriverError(error);
  if (driver) {
    const kind = /^[0-9A-Z]{5}$/.test(driver.code) ? `SQLSTATE ${driver.code}` : driver.code;
    return driver.message === driver.code ? kind : `${driver.message} (${kind})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Codes that only say a connection was lost (terminated, reset), not why the database is down. */
const CONNECTION_LOST = new Set([
  "ECONNRESET",
  "EPIPE",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // terminated by an administrator (or DROP DATABASE ... WITH (FORCE))
  "57P02", // crash shutdown
]);

/**
 * Whether the error only says an open connection was lost: a new connection will tell why
 * the database is unavailable (gone, refused, starting up), or that it is back.
 */
export function isConnectionLost(error: unknown): boolean {
  if (isDomainError(error) && error.cause !== undefined) return isConnectionLost(error.cause);
  const code = findDriverError(error)?.code;
  return code !== undefined && CONNECTION_LOST.has(code);
}
