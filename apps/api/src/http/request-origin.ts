import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";

/**
 * The request came over https: on a TLS socket, or through a proxy that says so with
 * X-Forwarded-Proto: https. Trusting that header is safe here: it can only make cookies
 * Secure and the expected Origin https, never let a request in that would be refused
 * otherwise (a browser cannot add it to a cross-site request without a preflight).
 */
export function isHttps(req: IncomingMessage): boolean {
  if ((req.socket as Partial<TLSSocket>).encrypted === true) return true;
  const forwarded = req.headers["x-forwarded-proto"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return first?.toLowerCase() === "https";
}

/** The origin a request was sent to, when its Host header is a plain host[:port]. */
export function requestOrigin(req: IncomingMessage): string | undefined {
  const host = req.headers.host;
  if (!host || !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) {
    return undefined;
  }
  return `${isHttps(req) ? "https" : "http"}://${host.toLowerCase()}`;
}

/** Whether the request's Origin header is this server's own origin or one of `allowed`. */
export function isAllowedOrigin(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || origin === "null") return false;
  return origin === requestOrigin(req) || allowed.has(origin);
}
