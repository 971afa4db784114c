/** One attempt got no answer within the client's timeoutMs. */
export class RequestTimeoutError extends Error {
  readonly url: string;
  readonly timeoutMs: number;

  constructor(url: string, timeoutMs: number) {
    super(`No answer from ${url} within ${timeoutMs} ms`);
    this.name = "RequestTimeoutError";
    this.url = url;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * An error status whose body is not JSON: a proxy or load balancer answered
 * (a plain-text 503, an HTML 502) instead of the API.
 */
export class HttpStatusError extends Error {
  readonly status: number;
  readonly url: string;

  constructor(status: number, statusText: string, url: string) {
    super(`HTTP ${status}${statusText ? ` ${statusText}` : ""} from ${url}`);
    this.name = "HttpStatusError";
    this.status = status;
    this.url = url;
  }
}
