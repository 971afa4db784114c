import { createRun } from "../../runs/create-run.js";
import type { Command } from "../command.js";
import { oneOf, optionalJsonObject, optionalString, requiredString } from "../option-values.js";
import { runFields } from "./run-view.js";
import { runsListCommand } from "./runs-list.js";

const runAnswer = (run: Parameters<typeof runFields>[0]) => ({ data: run, text: runFields(run) });

export const runsCommands: Command[] = [
  {
    name: "runs create",
    summary: "Create a run by hand (triggered_by manual)",
    options: {
      client: { type: "string" },
      "seed-data": { type: "string" },
      status: { type: "string" },
      "run-id": { type: "string" },
      "dossier-id": { type: "string" },
    },
    optionHelp: [
      "--client <client_id>     the client the run is for (required)",
      "--seed-data <json>       the trigger data, a JSON object",
      "--status pending|running pending by default",
      "--run-id <run_id>        RUN_YYYYMMDD_HHmmss; generated from now when left out",
      "--dossier-id <id>        DOSS_YYYYMMDD_NNNN; generated when left out",
    ],
    async run({ client, values }) {
      const command = "runs create";
      const runId = optionalString(values, "run-id");
      const dossierId = optionalString(values, "dossier-id");
      const seedData = optionalJsonObject(values, "seed-data", command);
      const run = await createRun(client, {
        clientId: requiredString(values, "client", command, "<client_id>"),
        status: oneOf(values, "status", ["pending", "running"] as const, command) ?? "pending",
        triggeredBy: "manual",
        ...(seedData === undefined ? {} : { seedData }),
        ...(runId === undefined ? {} : { runId }),
        ...(dossierId === undefined ? {} : { dossierId }),
      });
      return runAnswer(run);
    },
  },
  {
    name: "runs get",
    summary: "Show a run, its totals and status",
    args: ["run_id"],
    run: async ({ client, args: [runId = ""] }) =>
      runAnswer(await client.runs.get.query({ run_id: runId })),
  },
  runsListCommand,
  {
    name: "runs start",
    summary: "Move a pending run to running",
    args: ["run_id"],
    run: async ({ client, args: [runId = ""] }) =>
      runAnswer(await client.runs.start.mutate({ run_id: runId })),
  },
  {
    name: "runs complete",
    summary: "Move a running run to completed",
    args: ["run_id"],
    run: async ({ client, args: [runId = ""] }) =>
      runAnswer(await client.runs.complete.mutate({ run_id: runId })),
  },
  {
    name: "runs fail",
    summary: "Fail a pending or running run with a message",
    args: ["run_id"],
    options: { message: { type: "string" } },
    optionHelp: ["--message <text>   why the run failed (required, up to 2,000 characters)"],
    async run({ client, values, args: [runId = ""] }) {
      const message = requiredString(values, "message", "runs fail", '"<why it failed>"');
      return runAnswer(await client.runs.fail.mutate({ run_id: runId, error_message: message }));
    },
  },
];
