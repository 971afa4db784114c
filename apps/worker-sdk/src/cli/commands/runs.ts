import { createRun } from "../../runs/create-run.js";
import type { Command } from "../command.js";
import { renderTable } from "../format.js";
import {
  oneOf,
  optionalInteger,
  optionalJsonObject,
  optionalString,
  requiredString,
} from "../option-values.js";
import { runColumns, runFields } from "./run-view.js";

const RUN_STATUSES = ["pending", "running", "completed", "failed"] as const;
const TRIGGERS = ["make.com", "api", "manual"] as const;

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
  {
    name: "runs list",
    summary: "List runs, newest first",
    options: {
      client: { type: "string" },
      status: { type: "string" },
      "triggered-by": { type: "string" },
      since: { type: "string" },
      until: { type: "string" },
      limit: { type: "string" },
      cursor: { type: "string" },
    },
    optionHelp: [
      "--client <client_id>      only this client's runs",
      "--status <status>         pending, running, completed or failed",
      "--triggered-by <source>   make.com, api or manual",
      "--since <time>            started at or after (2026-01-15 or an ISO time)",
      "--until <time>            started before",
      "--limit <n>               1 to 200 (50 by default)",
      "--cursor <cursor>         the next page, as printed under the table",
    ],
    async run({ client, values, cli }) {
      const command = "runs list";
      const status = oneOf(values, "status", RUN_STATUSES, command);
      const triggeredBy = oneOf(values, "triggered-by", TRIGGERS, command);
      const clientId = optionalString(values, "client");
      const since = optionalString(values, "since");
      const until = optionalString(values, "until");
      const limit = optionalInteger(values, "limit", command, { min: 1, max: 200 });
      const cursor = optionalString(values, "cursor");
      const page = await client.runs.list.query({
        ...(clientId === undefined ? {} : { client_id: clientId }),
        ...(status === undefined ? {} : { status }),
        ...(triggeredBy === undefined ? {} : { triggered_by: triggeredBy }),
        ...(since === undefined ? {} : { started_after: since }),
        ...(until === undefined ? {} : { started_before: until }),
        ...(limit === undefined ? {} : { limit }),
        ...(cursor === undefined ? {} : { cursor }),
      });
      const table = renderTable(page.items, runColumns, "No runs match.");
      const more = page.next_cursor ? `\nMore: ${cli} runs list --cursor ${page.next_cursor}` : "";
      return { data: page, text: table + more };
    },
  },
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
