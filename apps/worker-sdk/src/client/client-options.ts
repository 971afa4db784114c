export type FetchFunction = typeof globalThis.fetch;

export interface RunsClientOptions {
  /** Where the API answers, e.g. http://127.0.0.1:3000; the client calls <baseUrl>/trpc. */
  baseUrl: string;
  /** An API key, sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** How long one attempt may take, answer body included (default 10 000 ms). */
  timeoutMs?: number;
  /** Attempts after the first, for network errors, timeouts, 429 and 503 only (default 3). */
  retries?: number;
  /** Exponential backoff between attempts: `baseMs` doubling up to `maxMs`, with jitter. */
  backoff?: { baseMs?: number; maxMs?: number };
  /** The fetch to use (default: the runtime's own). */
  fetch?: FetchFunction;
}

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export interface ResolvedClientOptions {
  trpcUrl: string;
  apiKey: string;
  timeoutMs: number;
  retries: number;
  backoff: Backoff;
  fetch: FetchFunction;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRIES = 3;
export const DEFAULT_BACKOFF: Backoff = { baseMs: 250, maxMs: 5_000 };
const MAX_RETRIES = 10;

function integerIn(
  name: string,
  value: number | undefined,
  min: number,
  max: number,
  fallback: number,
) {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function trpcUrlFrom(baseUrl: unknown): string {
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    throw new TypeError(
      `baseUrl must be the API's URL, such as http://127.0.0.1:3000; got ${JSON.stringify(baseUrl)}`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`baseUrl must start with http:// or https://; got ${url.href}`);
  }
  const path = url.pathname.replace(/\/+$/, "");
  // Accept the tRPC endpoint itself as well as the service root.
  url.pathname = path.endsWith("/trpc") ? path : `${path}/trpc`;
  url.search = "";
  url.hash = "";
  return url.href;
}

/** Checks the options once, up front, so a typo fails here and not on the first call. */
export function resolveClientOptions(options: RunsClientOptions): ResolvedClientOptions {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("createRunsClient needs an options object: { baseUrl, apiKey }");
  }
  const { apiKey } = options;
  if (typeof apiKey !== "string" || apiKey.trim() === "") {
    throw new TypeError("apiKey must be a non-empty string: an API key of the Columnline Runs API");
  }
  if (/\s/.test(apiKey.trim()) || apiKey.trim() !== apiKey) {
    throw new TypeError(
      "apiKey must not contain whitespace: pass the key alone, without 'Bearer '",
    );
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") {
    throw new TypeError(
      "No fetch available: pass options.fetch, or run on Node 20+ or another runtime with fetch",
    );
  }
  const baseMs = integerIn(
    "backoff.baseMs",
    options.backoff?.baseMs,
    0,
    60_000,
    DEFAULT_BACKOFF.baseMs,
  );
  const maxMs = integerIn(
    "backoff.maxMs",
    options.backoff?.maxMs,
    baseMs,
    300_000,
    Math.max(baseMs, DEFAULT_BACKOFF.maxMs),
  );
  return {
    trpcUrl: trpcUrlFrom(options.baseUrl),
    apiKey,
    timeoutMs: integerIn("timeoutMs", options.timeoutMs, 1, 600_000, DEFAULT_TIMEOUT_MS),
    retries: integerIn("retries", options.retries, 0, MAX_RETRIES, DEFAULT_RETRIES),
    backoff: { baseMs, maxMs },
    fetch: fetchImpl,
  };
}
