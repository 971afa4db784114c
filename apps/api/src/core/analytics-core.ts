import { costByDay, costByModel, costSummary, topRuns } from "@columnline/db";
import type { z } from "zod";
import {
  type analyticsFilterInput,
  toAnalyticsFilter,
  toCostSummaryJson,
  toDayCostJson,
  toModelCostJson,
  type topRunsInput,
  toTopRunJson,
} from "../contract/analytics";
import type { ApiServices } from "../services";

type FilterInput = z.output<typeof analyticsFilterInput>;

export const costSummaryCore = async (input: FilterInput, ctx: ApiServices) =>
  toCostSummaryJson(await costSummary(ctx.db, toAnalyticsFilter(input)));

// Unpaginated lists are plain arrays; only paginated ones (runs) are {items, next_cursor}.
export const topRunsCore = async (input: z.output<typeof topRunsInput>, ctx: ApiServices) =>
  (await topRuns(ctx.db, { ...toAnalyticsFilter(input), limit: input.limit })).map(toTopRunJson);

export const costByModelCore = async (input: FilterInput, ctx: ApiServices) =>
  (await costByModel(ctx.db, toAnalyticsFilter(input))).map(toModelCostJson);

export const costByDayCore = async (input: FilterInput, ctx: ApiServices) =>
  (await costByDay(ctx.db, toAnalyticsFilter(input))).map(toDayCostJson);
