import { z } from "zod";
import {
  analyticsFilterInput,
  costSummaryJsonSchema,
  dayCostJsonSchema,
  modelCostJsonSchema,
  topRunJsonSchema,
  topRunsInput,
} from "../contract/analytics";
import {
  costByDayCore,
  costByModelCore,
  costSummaryCore,
  topRunsCore,
} from "../core/analytics-core";
import { createTRPCRouter, scopedProcedure } from "../trpc";
import { overviewProcedures } from "./analytics-overview";

export const analyticsRouter = createTRPCRouter({
  ...overviewProcedures,
  costSummary: scopedProcedure("runs:read")
    .meta({
      rest: {
        method: "GET",
        path: "/analytics/cost-summary",
        summary: "Run count, totals, average, p50 and p95 cost (completed runs by default)",
        response: costSummaryJsonSchema,
      },
    })
    .input(analyticsFilterInput)
    .query(({ input, ctx }) => costSummaryCore(input, ctx)),

  topRuns: scopedProcedure("runs:read")
    .meta({
      rest: {
        method: "GET",
        path: "/analytics/top-runs",
        summary: "The most expensive runs",
        response: z.array(topRunJsonSchema),
      },
    })
    .input(topRunsInput)
    .query(({ input, ctx }) => topRunsCore(input, ctx)),

  costByModel: scopedProcedure("runs:read")
    .meta({
      rest: {
        method: "GET",
        path: "/analytics/cost-by-model",
        summary: "Step costs per model, from the ledger",
        response: z.array(modelCostJsonSchema),
      },
    })
    .input(analyticsFilterInput)
    .query(({ input, ctx }) => costByModelCore(input, ctx)),

  costByDay: scopedProcedure("runs:read")
    .meta({
      rest: {
        method: "GET",
        path: "/analytics/cost-by-day",
        summary:
          "Step costs per UTC day of recording, of the runs matching the filter (completed by default); cost-series counts every step recorded",
        response: z.array(dayCostJsonSchema),
      },
    })
    .input(analyticsFilterInput)
    .query(({ input, ctx }) => costByDayCore(input, ctx)),
});
