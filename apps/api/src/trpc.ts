/**
 * tRPC setup in three parts: the context each request gets, the tRPC
 * instance, and the procedures every router builds on.
 */

import type { ApiKeyScope } from "@columnline/domain";
import { initTRPC } from "@trpc/server";
import { type Authenticator, authorize } from "./auth/authenticator";
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

const baseProcedure = t.procedure.use(errorMapping);

/** A procedure that needs a valid API key holding `scope` (admin holds every scope). */
export function scopedProcedure(scope: ApiKeyScope) {
  return baseProcedure.meta({ scope }).use(async ({ ctx, next }) => {
    const principal = await authorize(ctx.authenticator, ctx.authorization, scope);
    return next({ ctx: { principal } });
  });
}
