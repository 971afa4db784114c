/** A request's path inside the dashboard folder, or why it can never name a file there. */
export type DashboardPath = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Decodes the raw request target's path and refuses anything that could step outside the
 * folder: dot segments (also percent-encoded), backslashes, NUL, empty segments ("//etc"),
 * bad percent-encoding. The WHATWG URL parser would resolve "/a/../b" silently: this looks
 * at the path as sent. Returned without its leading slash ("" for the root).
 */
export function dashboardPathOf(rawTarget: string): DashboardPath {
  const rawPath = rawTarget.split(/[?#]/, 1)[0] ?? "";
  if (!rawPath.startsWith("/")) return { ok: false, reason: "the path must start with /" };
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, reason: "the path is not valid percent-encoding" };
  }
  if (path.includes("\0") || path.includes("\\")) {
    return { ok: false, reason: "the path holds a NUL or a backslash" };
  }
  const segments = path.slice(1).split("/");
  for (const [index, segment] of segments.entries()) {
    if (segment === "." || segment === "..") {
      return { ok: false, reason: "the path holds a . or .. segment" };
    }
    // An empty segment is only allowed last ("/runs/"): "//etc/passwd" is refused.
    if (segment === "" && index < segments.length - 1) {
      return { ok: false, reason: "the path holds an empty segment" };
    }
  }
  return { ok: true, path: path.slice(1) };
}
