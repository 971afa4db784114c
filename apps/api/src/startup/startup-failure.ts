import { isDomainError } from "@columnline/domain";

/** Where the service was told to find PostgreSQL, for sentences that name it. */
interface PostgresTarget {
  host: string;
  port: string;
  user: string;
  database: string;
}

function postgresTarget(databaseUrl: string | undefined): PostgresTarget | null {
  if (!databaseUrl) return null;
  try {
    const url = new URL(databaseUrl);
    return {
      host: url.hostname || "localhost",
      port: url.port || "5432",
      user: decodeURIComponent(url.username) || "postgres",
      database: decodeURIComponent(url.pathname.slice(1)) || "postgres",
    };
  } catch {
    return null;
  }
}

/** `createdb columnline`, with -h/-p/-U only where they differ from the defaults. */
function createdbCommand(target: PostgresTarget): string {
  const flags = [
    ...(["localhost", "127.0.0.1"].includes(target.host) ? [] : ["-h", target.host]),
    ...(target.port === "5432" ? [] : ["-p", target.port]),
    ...(target.user === "postgres" ? [] : ["-U", target.user]),
  ];
  return ["createdb", ...flags, target.database].join(" ");
}

/** The driver's code under a db-package error: SQLSTATE or a connection error code. */
function driverCode(error: unknown): string | null {
  if (!isDomainError(error) || error.code !== "UNAVAILABLE") return null;
  const code = error.details?.sqlstate ?? error.details?.code;
  return typeof code === "string" ? code : null;
}

/** The server's own sentence, for causes where it says it best. */
function serverSaid(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    const cause: unknown = current.cause;
    if (!(cause instanceof Error)) return current.message;
    current = cause;
  }
  return current instanceof Error ? current.message : String(current);
}

function postgresLine(code: string, error: unknown, target: PostgresTarget): string | null {
  const at = `${target.host}:${target.port}`;
  const fixUrl = "fix DATABASE_URL, or unset it to use the embedded database";
  if (code === "3D000") {
    return `database ${target.database} does not exist on ${at}; create it with: ${createdbCommand(target)}`;
  }
  if (code === "28P01") {
    return `PostgreSQL at ${at} rejected the password of role ${target.user}; ${fixUrl}`;
  }
  if (code.startsWith("28")) {
    return `PostgreSQL at ${at} refused role ${target.user} (${serverSaid(error)}); ${fixUrl}`;
  }
  if (code === "ECONNREFUSED")
    return `no PostgreSQL at ${at} (connection refused); start it, or ${fixUrl}`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return `cannot resolve the host ${target.host} of DATABASE_URL; ${fixUrl}`;
  }
  if (code === "CONNECT_TIMEOUT" || code === "ETIMEDOUT" || code === "EHOSTUNREACH") {
    return `PostgreSQL at ${at} did not answer (${code}); check that it runs and is reachable, or ${fixUrl}`;
  }
  if (code === "57P03")
    return `PostgreSQL at ${at} is starting up; start the service again in a moment`;
  if (code.startsWith("53")) {
    return `PostgreSQL at ${at} is refusing connections (${serverSaid(error)}); retry when it has room`;
  }
  return null;
}

/**
 * The one line a failed start prints (then exits 1): what is wrong and what to do, in the
 * words of the setting to change. Never a stack trace: LOG_LEVEL=debug adds that.
 */
export function startupFailureLine(error: unknown, env: { DATABASE_URL?: string }): string {
  const code = driverCode(error);
  const target = postgresTarget(env.DATABASE_URL);
  if (code !== null && target !== null) {
    const line = postgresLine(code, error, target);
    if (line !== null) return line;
  }
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ");
  if (isDomainError(error) || error instanceof StartupError) return message.trim();
  return `could not start: ${message.trim()} (LOG_LEVEL=debug prints the stack)`;
}

/** A start-up failure whose message is already the sentence to print (bad settings, port in use). */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StartupError";
  }
}
