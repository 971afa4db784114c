import { z } from "zod";
import {
  budgetJsonSchema,
  clientBudgetInput,
  putClientBudgetInput,
  putGlobalBudgetInput,
} from "../contract/budget";
import {
  deleteClientBudgetCore,
  deleteGlobalBudgetCore,
  getClientBudgetCore,
  getGlobalBudgetCore,
  putClientBudgetCore,
  putGlobalBudgetCore,
} from "../core/budgets-core";
import { createTRPCRouter, scopedProcedure } from "../trpc";

const put = z.object({ budget: budgetJsonSchema, created: z.boolean() });
type Put = z.infer<typeof put>;
const putRest = {
  response: budgetJsonSchema,
  status: (output: unknown) => ((output as Put).created ? 201 : 200),
  body: (output: unknown) => (output as Put).budget,
};
const noInput = z.strictObject({}).optional();

export const budgetsRouter = createTRPCRouter({
  set: scopedProcedure("admin")
    .meta({
      rest: {
        method: "PUT",
        path: "/clients/{client_id}/budget",
        errors: ["NOT_FOUND"],
        summary:
          "Set a client's budget (201 when new, 200 when it replaces the one there, keeping its id)",
        ...putRest,
      },
    })
    .input(putClientBudgetInput)
    .mutation(({ input, ctx }) => putClientBudgetCore(input, ctx)),

  get: scopedProcedure("runs:read")
    .meta({
      rest: {
        method: "GET",
        path: "/clients/{client_id}/budget",
        errors: ["NOT_FOUND"],
        summary: "A client's budget with its period, spend, remaining and forecast",
        response: budgetJsonSchema,
      },
    })
    .input(clientBudgetInput)
    .query(({ input, ctx }) => getClientBudgetCore(input, ctx)),

  remove: scopedProcedure("admin")
    .meta({
      rest: {
        method: "DELETE",
        path: "/clients/{client_id}/budget",
        errors: ["NOT_FOUND"],
        summary: "Remove a client's budget (its new runs are no longer blocked by it)",
        response: budgetJsonSchema,
      },
    })
    .input(clientBudgetInput)
    .mutation(({ input, ctx }) => deleteClientBudgetCore(input, ctx)),

  setGlobal: scopedProcedure("admin")
    .meta({
      rest: {
        method: "PUT",
        path: "/budget",
        summary:
          "Set the global budget, over every client's spend (201 when new, 200 when replaced)",
        ...putRest,
      },
    })
    .input(putGlobalBudgetInput)
    .mutation(({ input, ctx }) => putGlobalBudgetCore(input, ctx)),

  getGlobal: scopedProcedure("runs:read")
    .meta({
      rest: {
        method: "GET",
        path: "/budget",
        errors: ["NOT_FOUND"],
        summary: "The global budget with its period, spend, remaining and forecast",
        response: budgetJsonSchema,
      },
    })
    .input(noInput)
    .query(({ ctx }) => getGlobalBudgetCore(ctx)),

  removeGlobal: scopedProcedure("admin")
    .meta({
      rest: {
        method: "DELETE",
        path: "/budget",
        errors: ["NOT_FOUND"],
        summary: "Remove the global budget",
        response: budgetJsonSchema,
      },
    })
    .input(noInput)
    .mutation(({ ctx }) => deleteGlobalBudgetCore(ctx)),
});
