import type { IncomingMessage, ServerResponse } from "node:http";
import { DomainError } from "@columnline/domain";
import { readSessionCookie } from "../auth/session-cookie";
import type { DashboardSessionInfo, SessionService } from "../auth/sessions";
import type { DashboardRequest } from "../trpc";
import { isAllowedOrigin, isHttps } from "./request-origin";

/** What a tRPC request carries for the dashboard: its session cookie, https, its Origin. */
export function dashboardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  sessions: SessionService,
  now: () => Date,
  allowedOrigins: ReadonlySet<string>,
): DashboardRequest {
  const sessionToken = readSessionCookie(req.headers.cookie);
  let session: Promise<DashboardSessionInfo> | undefined;
  return {
    sessionToken,
    session() {
      session ??=
        sessionToken === undefined
          ? Promise.reject(
              new DomainError("UNAUTHORIZED", "Not signed in: sign in with an API key"),
            )
          : sessions.resume(sessionToken, now());
      return session;
    },
    secure: isHttps(req),
    origin: req.headers.origin,
    originAllowed: isAllowedOrigin(req, allowedOrigins),
    setCookie: (value) => res.appendHeader("set-cookie", value),
  };
}
