import { createTRPCClient, httpLink, retryLink, type TRPCClient } from "@trpc/client";
import type { AppRouter } from "../app-router.js";
import { type RunsClientOptions, resolveClientOptions } from "./client-options.js";
import { backoffDelayMs, shouldRetry } from "./retry-policy.js";
import { createTimedFetch } from "./timed-fetch.js";

/** The typed tRPC client of the Columnline Runs API: `client.runs.get.query({ run_id })`. */
export type RunsClient = TRPCClient<AppRouter>;

/**
 * A typed client with the bearer key set. Each call gets `timeoutMs` per
 * attempt and up to `retries` more attempts, with exponential backoff and
 * jitter, after a network error, a timeout, a 429 or a 503, and never after
 * any other answer. Writes whose answer was lost are sent again only when
 * repeating them is harmless (see retry-policy).
 */
export function createRunsClient(options: RunsClientOptions): RunsClient {
  const resolved = resolveClientOptions(options);
  const timedFetch = createTimedFetch(resolved.fetch, resolved.timeoutMs);
  return createTRPCClient<AppRouter>({
    links: [
      retryLink({
        retry: (attempt) => shouldRetry(attempt, resolved.retries),
        retryDelayMs: (attempts) => backoffDelayMs(attempts, resolved.backoff),
      }),
      httpLink({
        url: resolved.trpcUrl,
        headers: { authorization: `Bearer ${resolved.apiKey}` },
        fetch: (url, init) => timedFetch(url, init as RequestInit | undefined),
      }),
    ],
  });
}
