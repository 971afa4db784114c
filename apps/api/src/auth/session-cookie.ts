/** The dashboard's session cookie: HttpOnly (no script reads it), same-site requests only. */
export const SESSION_COOKIE = "columnline_session";

/** The session token from a Cookie header, when one is there. */
export function readSessionCookie(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator < 0 || part.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(separator + 1).trim();
    if (value !== "") return value;
  }
  return undefined;
}

/**
 * Set-Cookie for a session. Max-Age is the session's remaining lifetime: the browser forgets
 * the cookie when the server would refuse it. Secure when the request came over https.
 */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = [
    `${SESSION_COOKIE}=${token}`,
    "HttpOnly",
    "SameSite=Strict",
    "Path=/",
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
  ];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}

/** Set-Cookie that makes the browser drop the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie("", 0, secure);
}
