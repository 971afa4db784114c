import type { ServerResponse } from "node:http";

/** The dashboard's HTML may load scripts, styles and data from this origin only; no inline script. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join("; ");

/** On every dashboard response; HTML ones also get the Content-Security-Policy. */
export function setSecurityHeaders(res: ServerResponse, html: boolean): void {
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "no-referrer");
  if (html) res.setHeader("content-security-policy", DASHBOARD_CSP);
}
