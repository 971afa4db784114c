import { z } from "zod";
import {
  clientSpendJsonSchema,
  costSeriesInput,
  costSeriesRowJsonSchema,
  runsByStatusInput,
  runsByStatusJsonSchema,
  spendByClientInput,
  spendPeriodJsonSchema,
  spendPeriodsInput,
  unpricedStepsInput,
  unpricedStepsJsonSchema,
} from "../contract/analytics-overview";
import {
  costSeriesCore,
  runsByStatusCore,
  spendByClientCore,
  spendPeriodsCore,
  unpricedStepsCore,
} from "../core/analytics-overview-core";
import { scopedProcedure } from "../trpc";

/** The dashboard's overview, clients and models pages (issue 14): spliced into analytics. */
export const overviewProcedures = {
  costSeries: scopedProcedure("runs:read")
    .meta({
      rest: {
        method: "GET",
        path: "/analytics/cost-series",
        summary:
          "Spend per local day of step recording, by model, client or step name (every step recorded in the range, whatever its run's status)",
        response: z.array(costSeriesRowJsonSchema),
      },
    })
    .input(costSeriesInput)
    .query(({ input, ctx }) => costSeriesCore(input, ctx)),

  spendPeriods: scopedProcedure("runs:read")
    .meta({
      rest: {
        method: "GET",
        path: "/analytics/spend-periods",
        summary:
          "Spend today, in the last 7 and 30 days and month to date (whole local days), each with the period before",
        response: z.array(spendPeriodJsonSchema),
      },
    })
    .input(spendPeriodsInput)
    .query(({ input, ctx }) => spendPeriodsCore(input, ctx)),

  spendByClient: scopedProcedure("runs:read")
    .meta({
      rest: {
        method: "GET",
        path: "/analytics/spend-by-client",
        summary:
          "Each client's spend, runs and average completed-run cost in a range, most expensive first",
        response: z.array(clientSpendJsonSchema),
      },
    })
    .input(spendByClientInput)
    .query(({ input, ctx }) => spendByClientCore(input, ctx)),

  runsByStatus: scopedProcedure("runs:read")
    .meta({
      rest: {
        method: "GET",
        path: "/analytics/runs-by-status",
        summary: "Runs per local day of start by current status, with the failure rate",
        response: runsByStatusJsonSchema,
      },
    })
    .input(runsByStatusInput)
    .query(({ input, ctx }) => runsByStatusCore(input, ctx)),

  unpricedSteps: scopedProcedure("runs:read")
    .meta({
      rest: {
        method: "GET",
        path: "/analytics/unpriced-steps",
        summary: "Steps recorded without a price, newest first, with why and how many",
        response: unpricedStepsJsonSchema,
      },
    })
    .input(unpricedStepsInput)
    .query(({ input, ctx }) => unpricedStepsCore(input, ctx)),
};
