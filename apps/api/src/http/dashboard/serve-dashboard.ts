import type { IncomingMessage, ServerResponse } from "node:http";
import { preferredEncoding } from "./accept-encoding";
import { createDashboardFiles, type DashboardFile } from "./dashboard-files";
import { NOT_BUILT_PAGE } from "./not-built-page";
import { dashboardPathOf } from "./request-path";
import { setSecurityHeaders } from "./security-headers";

/** Vite's hashed build output: a name never changes content, so browsers keep it for a year. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Serves the built dashboard (GET and HEAD): its files, and index.html for every other path
 * (client-side routes), which browsers revalidate each time (no-cache, ETag). A missing
 * hashed asset is a 404, not the page: a script tag must never receive HTML.
 */
export function createDashboardHandler(dir: string) {
  const files = createDashboardFiles(dir);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = dashboardPathOf(req.url ?? "/");
    if (!target.ok) return sendText(res, 400, `Bad path: ${target.reason}.`);
    const file = await files.find(target.path);
    if (file) {
      const immutable = target.path.startsWith("assets/");
      return sendFile(req, res, file, immutable ? IMMUTABLE : "no-cache");
    }
    if (target.path.startsWith("assets/")) return sendText(res, 404, "No such dashboard asset.");
    const index = await files.find("index.html");
    if (!index) return sendNotBuilt(res);
    return sendFile(req, res, index, "no-cache");
  };

  async function sendFile(
    req: IncomingMessage,
    res: ServerResponse,
    file: DashboardFile,
    cacheControl: string,
  ) {
    const wanted = file.compressible ? preferredEncoding(req.headers["accept-encoding"]) : null;
    const encodedBody = wanted ? await files.encoded(file, wanted) : null;
    const encoding = encodedBody ? wanted : null;
    // One ETag per representation: a gzip body and the plain one are different bytes.
    const etag = `"${file.hash}${encoding ? `-${encoding}` : ""}"`;
    setSecurityHeaders(res, file.contentType.startsWith("text/html"));
    res.setHeader("content-type", file.contentType);
    res.setHeader("cache-control", cacheControl);
    res.setHeader("etag", etag);
    res.setHeader("last-modified", file.lastModified.toUTCString());
    if (file.compressible) res.setHeader("vary", "Accept-Encoding");
    if (notModified(req, etag, file.lastModified)) {
      res.statusCode = 304;
      res.removeHeader("content-type");
      res.end();
      return;
    }
    const body = encodedBody ?? file.body;
    if (encoding) res.setHeader("content-encoding", encoding);
    res.statusCode = 200;
    res.setHeader("content-length", body.length);
    res.end(req.method === "HEAD" ? undefined : body);
  }
}

/** If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2). */
function notModified(req: IncomingMessage, etag: string, lastModified: Date): boolean {
  const ifNoneMatch = req.headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch
      .split(",")
      .map((tag) => tag.trim().replace(/^W\//, ""))
      .some((tag) => tag === etag || tag === "*");
  }
  const since = Date.parse(req.headers["if-modified-since"] ?? "");
  // HTTP dates have whole seconds: compare at that precision.
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

function sendText(res: ServerResponse, status: number, text: string) {
  setSecurityHeaders(res, false);
  res.statusCode = status;
  res.setHeader("content-type", "text/plain; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.setHeader("content-length", Buffer.byteLength(text));
  res.end(text);
}

/** A page, not a JSON 404: a person opened `/` and should learn how to get the dashboard. */
function sendNotBuilt(res: ServerResponse) {
  setSecurityHeaders(res, true);
  res.statusCode = 404;
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.setHeader("content-length", Buffer.byteLength(NOT_BUILT_PAGE));
  res.end(NOT_BUILT_PAGE);
}
