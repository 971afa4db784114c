import {
  costSeries,
  runsByStatus,
  spendByClient,
  spendPeriods,
  unpricedSteps,
} from "@columnline/db";
import type { z } from "zod";
import {
  type costSeriesInput,
  type runsByStatusInput,
  type spendByClientInput,
  type spendPeriodsInput,
  toClientSpendJson,
  toCostSeriesRowJson,
  toRunsByStatusJson,
  toSpendPeriodJson,
  toUnpricedStepsJson,
  type unpricedStepsInput,
} from "../contract/analytics-overview";
import type { ApiServices } from "../services";

const clientOf = (input: { client_id?: string | undefined }) =>
  input.client_id === undefined ? {} : { clientId: input.client_id };

export const costSeriesCore = async (input: z.output<typeof costSeriesInput>, ctx: ApiServices) =>
  (
    await costSeries(ctx.db, {
      from: input.from,
      to: input.to,
      timeZone: input.time_zone,
      groupBy: input.group_by,
      ...clientOf(input),
    })
  ).map(toCostSeriesRowJson);

export const spendPeriodsCore = async (
  input: z.output<typeof spendPeriodsInput>,
  ctx: ApiServices,
) =>
  (
    await spendPeriods(ctx.db, {
      timeZone: input.time_zone,
      at: input.at ?? ctx.now(),
      ...clientOf(input),
    })
  ).map(toSpendPeriodJson);

export const spendByClientCore = async (
  input: z.output<typeof spendByClientInput>,
  ctx: ApiServices,
) => (await spendByClient(ctx.db, { from: input.from, to: input.to })).map(toClientSpendJson);

export const runsByStatusCore = async (
  input: z.output<typeof runsByStatusInput>,
  ctx: ApiServices,
) =>
  toRunsByStatusJson(
    await runsByStatus(ctx.db, {
      from: input.from,
      to: input.to,
      timeZone: input.time_zone,
      ...clientOf(input),
    }),
  );

export const unpricedStepsCore = async (
  input: z.output<typeof unpricedStepsInput>,
  ctx: ApiServices,
) =>
  toUnpricedStepsJson(
    await unpricedSteps(ctx.db, {
      limit: input.limit,
      ...(input.from ? { from: input.from } : {}),
      ...(input.to ? { to: input.to } : {}),
      ...(input.cursor ? { cursor: input.cursor } : {}),
    }),
  );
