import { createTRPCRouter } from "../trpc";
import { analyticsRouter } from "./analytics";
import { budgetsRouter } from "./budgets";
import { clientsRouter } from "./clients";
import { keysRouter } from "./keys";
import { pricesRouter } from "./prices";
import { runsRouter } from "./runs";
import { sessionRouter } from "./session";
import { stepsRouter } from "./steps";
import { webhooksRouter } from "./webhooks";

export const appRouter = createTRPCRouter({
  clients: clientsRouter,
  runs: runsRouter,
  steps: stepsRouter,
  analytics: analyticsRouter,
  prices: pricesRouter,
  keys: keysRouter,
  budgets: budgetsRouter,
  session: sessionRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
