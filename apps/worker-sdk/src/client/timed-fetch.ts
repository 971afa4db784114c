import type { FetchFunction } from "./client-options.js";
import { HttpStatusError, RequestTimeoutError } from "./transport-errors.js";

type FetchInput = Parameters<FetchFunction>[0];

const urlOf = (input: FetchInput): string =>
  typeof input === "string" ? input : input instanceof URL ? input.href : input.url;

// Statuses whose response must not carry a body.
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * fetch with a deadline per attempt. The deadline covers the body too, so the
 * answer is read here and handed on buffered: a server that sends headers and
 * then stalls is a timeout, not a hang. A caller's abort still aborts.
 */
export function createTimedFetch(fetchImpl: FetchFunction, timeoutMs: number): FetchFunction {
  return async (input, init) => {
    const url = urlOf(input);
    const controller = new AbortController();
    const callerSignal = init?.signal ?? undefined;
    const forwardAbort = () => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) forwardAbort();
    else callerSignal?.addEventListener("abort", forwardAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const response = await fetchImpl(input, { ...init, signal: controller.signal });
      const body = await response.text();
      const isJson = /\bjson\b/i.test(response.headers.get("content-type") ?? "");
      if (!response.ok && !isJson)
        throw new HttpStatusError(response.status, response.statusText, url);
      return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } catch (error) {
      if (timedOut) throw new RequestTimeoutError(url, timeoutMs);
      throw error;
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", forwardAbort);
    }
  };
}
