import { z } from "zod";
import { runIdInput } from "../contract/run";
import { recordStepInput, recordStepJsonSchema, stepJsonSchema } from "../contract/step";
import { listStepsCore, recordStepCore } from "../core/steps-core";
import { createTRPCRouter, scopedProcedure } from "../trpc";

export const stepsRouter = createTRPCRouter({
  record: scopedProcedure("runs:write")
    .meta({
      rest: {
        method: "POST",
        path: "/runs/{run_id}/steps",
        errors: ["NOT_FOUND", "CONFLICT", "OVERFLOW"],
        summary:
          "Record a step's usage and cost, exactly once per step_id (a retry answers 200, counted once)",
        response: recordStepJsonSchema,
        status: (output) =>
          (output as z.infer<typeof recordStepJsonSchema>).duplicate ? 200 : 201,
      },
    })
    .input(recordStepInput)
    .mutation(({ input, ctx }) => recordStepCore(input, ctx)),

  list: scopedProcedure("runs:read")
    .meta({
      rest: {
        method: "GET",
        path: "/runs/{run_id}/steps",
        errors: ["NOT_FOUND"],
        summary: "The run's steps, in the order they were recorded",
        response: z.array(stepJsonSchema),
      },
    })
    .input(runIdInput)
    .query(({ input, ctx }) => listStepsCore(input, ctx)),
});
