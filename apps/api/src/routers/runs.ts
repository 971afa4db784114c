import { z } from "zod";
import {
  createRunInput,
  failRunInput,
  listRunsInput,
  runIdInput,
  runJsonSchema,
  runPageJsonSchema,
} from "../contract/run";
import {
  createRunCore,
  failRunCore,
  getRunCore,
  listRunsCore,
  transitionRunCore,
} from "../core/runs-core";
import { createTRPCRouter, scopedProcedure } from "../trpc";

const created = z.object({ run: runJsonSchema, created: z.boolean() });
type Created = z.infer<typeof created>;

export const runsRouter = createTRPCRouter({
  create: scopedProcedure("runs:write")
    .meta({
      rest: {
        method: "POST",
        path: "/runs",
        errors: ["NOT_FOUND", "CONFLICT", "BUDGET_EXCEEDED"],
        summary: "Create a run (idempotent on run_id: a repeat answers 200 with the stored run)",
        response: runJsonSchema,
        status: (output) => ((output as Created).created ? 201 : 200),
        body: (output) => (output as Created).run,
      },
    })
    .input(createRunInput)
    .mutation(({ input, ctx }) => createRunCore(input, ctx)),

  get: scopedProcedure("runs:read")
    .meta({
      rest: {
        method: "GET",
        path: "/runs/{run_id}",
        errors: ["NOT_FOUND"],
        summary: "Read a run",
        response: runJsonSchema,
      },
    })
    .input(runIdInput)
    .query(({ input, ctx }) => getRunCore(input, ctx)),

  list: scopedProcedure("runs:read")
    .meta({
      rest: {
        method: "GET",
        path: "/runs",
        summary:
          "List runs: filter, search by run_id or dossier_id, sort by start or cost (newest first by default)",
        response: runPageJsonSchema,
      },
    })
    .input(listRunsInput)
    .query(({ input, ctx }) => listRunsCore(input, ctx)),

  start: scopedProcedure("runs:write")
    .meta({
      rest: {
        method: "POST",
        path: "/runs/{run_id}/start",
        errors: ["NOT_FOUND", "CONFLICT"],
        summary: "pending → running",
        response: runJsonSchema,
      },
    })
    .input(runIdInput)
    .mutation(({ input, ctx }) => transitionRunCore(input.run_id, "running", ctx)),

  complete: scopedProcedure("runs:write")
    .meta({
      rest: {
        method: "POST",
        path: "/runs/{run_id}/complete",
        errors: ["NOT_FOUND", "CONFLICT"],
        summary: "running → completed",
        response: runJsonSchema,
      },
    })
    .input(runIdInput)
    .mutation(({ input, ctx }) => transitionRunCore(input.run_id, "completed", ctx)),

  fail: scopedProcedure("runs:write")
    .meta({
      rest: {
        method: "POST",
        path: "/runs/{run_id}/fail",
        errors: ["NOT_FOUND", "CONFLICT"],
        summary: "pending or running → failed, with an error_message",
        response: runJsonSchema,
      },
    })
    .input(failRunInput)
    .mutation(({ input, ctx }) => failRunCore(input, ctx)),
});
