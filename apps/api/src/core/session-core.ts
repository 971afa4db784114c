import { DomainError } from "@columnline/domain";
import type { z } from "zod";
import { clearedSessionCookie, sessionCookie } from "../auth/session-cookie";
import { type SessionJson, type signInInput, toSessionJson } from "../contract/session";
import type { ApiContext, DashboardRequest } from "../trpc";

/** The session procedures exist for the dashboard, over tRPC with its cookie. */
function dashboardOf(ctx: ApiContext): DashboardRequest {
  if (!ctx.dashboard) throw new DomainError("NOT_FOUND", "Sessions are for the dashboard (tRPC)");
  return ctx.dashboard;
}

export async function signInCore(
  input: z.output<typeof signInInput>,
  ctx: ApiContext,
): Promise<SessionJson> {
  const dashboard = dashboardOf(ctx);
  const now = ctx.now();
  const session = await ctx.sessions.signIn(input.key, now);
  // Signing in again (another key, say) ends the session the browser had.
  if (dashboard.sessionToken !== undefined) await ctx.sessions.signOut(dashboard.sessionToken);
  const maxAgeSeconds = (session.expiresAt.getTime() - now.getTime()) / 1000;
  dashboard.setCookie(sessionCookie(session.token, maxAgeSeconds, dashboard.secure));
  return toSessionJson(session);
}

export async function currentSessionCore(ctx: ApiContext): Promise<SessionJson> {
  return toSessionJson(await dashboardOf(ctx).session());
}

/** Ends the session server-side (if there is one) and clears the cookie either way. */
export async function signOutCore(ctx: ApiContext): Promise<{ signed_out: true }> {
  const dashboard = dashboardOf(ctx);
  if (dashboard.sessionToken !== undefined) await ctx.sessions.signOut(dashboard.sessionToken);
  dashboard.setCookie(clearedSessionCookie(dashboard.secure));
  return { signed_out: true };
}
