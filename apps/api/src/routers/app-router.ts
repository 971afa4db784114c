import { createTRPCRouter } from "../trpc";
import { analyticsRouter } from "./analytics";
import { clientsRouter } from "./clients";
import { keysRouter } from "./keys";
import { pricesRouter } from "./prices";
import { runsRouter } from "./runs";
import { stepsRouter } from "./steps";

export const appRouter = createTRPCRouter({
  clients: clientsRouter,
  runs: runsRouter,
  steps: stepsRouter,
  analytics: analyticsRouter,
  prices: pricesRouter,
  keys: keysRouter,
});

export type AppRouter = typeof appRouter;
