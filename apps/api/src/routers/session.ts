import { z } from "zod";
import { signInInput } from "../contract/session";
import { currentSessionCore, signInCore, signOutCore } from "../core/session-core";
import { createTRPCRouter, publicProcedure } from "../trpc";

/**
 * The dashboard's sign-in: tRPC only, no REST face (no `rest` meta, so not in the OpenAPI
 * document). The session lives in an HttpOnly cookie; the key is never sent back.
 */
export const sessionRouter = createTRPCRouter({
  signIn: publicProcedure.input(signInInput).mutation(({ input, ctx }) => signInCore(input, ctx)),
  me: publicProcedure
    .input(z.strictObject({}).optional())
    .query(({ ctx }) => currentSessionCore(ctx)),
  signOut: publicProcedure
    .input(z.strictObject({}).optional())
    .mutation(({ ctx }) => signOutCore(ctx)),
});
