import type { ServerResponse } from "node:http";

/** Seconds a client should wait before retrying a 503 (the database is down or restarting). */
export const RETRY_AFTER_SECONDS = 1;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.statusCode = status;
  if (status === 503) res.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(payload));
  res.end(payload);
}
