/**
 * tRPC setup in three parts: the context each request gets, the tRPC
 * instance, and the procedures every router builds on.
 */

import { type ApiKeyScope, DomainError, type Principal } from "@columnline/domain";
import { initTRPC } from "@trpc/server";
import { type Authenticator, requireScope } from "./auth/authenticator";
import type { DashboardSessionInfo, SessionService } from "./auth/sessions";
import { toDomainError, toTrpcError } from "./errors/api-error";
import { runStateHintOf } from "./errors/run-state-hint";
import type { RouteMeta } from "./rest/route-meta";
import type { ApiServices } from "./services";

// 1. Context ------------------------------------------------------------------

export interface ApiContext extends ApiServices {
  requestId: string;
  /** The raw Authorization header; checked lazily so public routes never touch the key store. */
  authorization: string | undefined;
  authenticator: Authenticator;
  sessions: SessionService;
  /** The dashboard's cookie session: tRPC requests only (REST under /api/v1 is bearer only). */
  dashboard: DashboardRequest | null;
}

export interface DashboardRequest {
  /** The session cookie's token, when the browser sent one. */
  sessionToken: string | undefined;
  /** The session behind the cookie, looked up once per request; UNAUTHORIZED without one. */
  session(): Promise<DashboardSessionInfo>;
  /** The request came over https: the cookie gets Secure. */
  secure: boolean;
  /** The Origin header, and whether it is this server's own or listed in DASHBOARD_ORIGINS. */
  origin: string | undefined;
  originAllowed: boolean;
  setCookie(value: string): void;
}

// 2. Init ---------------------------------------------------------------------

const t = initTRPC
  .context<ApiContext>()
  .meta<RouteMeta>()
  .create({
    // Plain JSON on purpose: Make.com and curl read the same shapes as TypeScript.
    errorFormatter({ shape, error, ctx }) {
      const domain = toDomainError(error);
      return {
        ...shape,
        // Unexpected errors may carry driver or SQL text: never send it.
        message: domain
          ? shape.message
          : `Internal error; request id ${ctx?.requestId ?? "unknown"}`,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          domainCode: domain?.code ?? "INTERNAL",
          issues: domain?.issues ?? null,
          // A run in the wrong status: which move gets it unstuck (the CLI names its command).
          runState: domain ? runStateHintOf(domain) : null,
          // BUDGET_EXCEEDED: the budget that refused the run (the SDK's BudgetExceededError).
          budget: domain?.code === "BUDGET_EXCEEDED" ? (domain.details?.budget ?? null) : null,
        },
      };
    },
  });

export const createTRPCRouter = t.router;

// 3. Procedures ---------------------------------------------------------------

/**
 * The one place errors are mapped: a known DomainError keeps its HTTP meaning,
 * anything else is logged here with its stack and leaves as an opaque 500.
 */
const errorMapping = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (result.ok) return result;
  const domain = toDomainError(result.error);
  if (domain) throw toTrpcError(domain);
  ctx.logger.error(
    { err: result.error.cause ?? result.error, requestId: ctx.requestId, path },
    "unexpected error",
  );
  throw result.error;
});

/**
 * CSRF: a write authenticated by the session cookie (or a sign-in) must come from the
 * dashboard's own origin. Runs before the input is parsed, so a refused write writes nothing.
 * Bearer requests are unaffected: a browser cannot add Authorization to a cross-site request.
 */
const sameOriginWrites = t.middleware(({ ctx, type, path, next }) => {
  const dashboard = ctx.dashboard;
  const cookieWrite =
    type === "mutation" &&
    ctx.authorization === undefined &&
    dashboard !== null &&
    (dashboard.sessionToken !== undefined || path === "session.signIn");
  if (cookieWrite && !dashboard.originAllowed) {
    throw new DomainError(
      "FORBIDDEN",
      `Cross-origin write refused: dashboard writes must come from this server's own origin (Origin: ${dashboard.origin?.slice(0, 200) ?? "missing"}); list another in DASHBOARD_ORIGINS`,
    );
  }
  return next();
});

export const publicProcedure = t.procedure.use(errorMapping).use(sameOriginWrites);

/** The caller: the bearer key when the Authorization header is sent, else the dashboard session. */
function callerOf(ctx: ApiContext): Promise<Principal> {
  if (ctx.authorization === undefined && ctx.dashboard?.sessionToken !== undefined) {
    return ctx.dashboard.session().then((session) => session.principal);
  }
  return ctx.authenticator.authenticate(ctx.authorization);
}

/** A procedure that needs a valid API key (or its session) holding `scope` (admin: every scope). */
export function scopedProcedure(scope: ApiKeyScope) {
  return publicProcedure.meta({ scope }).use(async ({ ctx, next }) => {
    const principal = requireScope(await callerOf(ctx), scope);
    return next({ ctx: { principal } });
  });
}
