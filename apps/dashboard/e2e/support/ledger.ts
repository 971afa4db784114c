import { randomBytes } from "node:crypto";
import type { DashboardServer } from "./server";

/** The fields of a run the tests read back from REST. */
export interface RunJson {
  run_id: string;
  client_id: string;
  dossier_id: string | null;
  status: "pending" | "running" | "completed" | "failed";
  total_tokens: number;
  total_cost: string;
  total_cost_exact: string;
}

export interface StepInput {
  step_id: string;
  step_name?: string;
  model: string;
  usage: { input_tokens: number; output_tokens: number; cache_read_tokens?: number };
}

/** A client ID no other test of the run uses. */
export const freshClientId = (prefix = "CLT") =>
  `${prefix}_${randomBytes(4).toString("hex").toUpperCase()}`;

export async function createClient(
  server: DashboardServer,
  name: string,
  clientId = freshClientId(),
) {
  await server.expectRest(201, "POST", "/clients", { client_id: clientId, name, config: {} });
  return clientId;
}

/** A run started now (the server picks its run_id), running unless told otherwise. */
export const createRun = (
  server: DashboardServer,
  clientId: string,
  fields: Record<string, unknown> = {},
) =>
  server.expectRest<RunJson>(201, "POST", "/runs", {
    client_id: clientId,
    status: "running",
    ...fields,
  });

export const recordStep = (server: DashboardServer, runId: string, step: StepInput) =>
  server.expectRest(201, "POST", `/runs/${runId}/steps`, step);

export const completeRun = (server: DashboardServer, runId: string) =>
  server.expectRest<RunJson>(200, "POST", `/runs/${runId}/complete`);

export const failRun = (server: DashboardServer, runId: string, errorMessage: string) =>
  server.expectRest<RunJson>(200, "POST", `/runs/${runId}/fail`, { error_message: errorMessage });

export const getRun = (server: DashboardServer, runId: string) =>
  server.expectRest<RunJson>(200, "GET", `/runs/${runId}`);

/** Two priced steps on real models (gpt-4o, claude-sonnet-4-5), as a dossier run records them. */
export const dossierSteps: readonly StepInput[] = [
  {
    step_id: "research",
    step_name: "Research the lead",
    model: "gpt-4o",
    usage: { input_tokens: 1200, output_tokens: 600, cache_read_tokens: 200 },
  },
  {
    step_id: "write_dossier",
    step_name: "Write the dossier",
    model: "claude-sonnet-4-5",
    usage: { input_tokens: 2400, output_tokens: 900 },
  },
];

/** A completed run with the dossier steps. */
export async function completedRun(
  server: DashboardServer,
  clientId: string,
  fields: Record<string, unknown> = {},
): Promise<RunJson> {
  const run = await createRun(server, clientId, fields);
  for (const step of dossierSteps) await recordStep(server, run.run_id, step);
  return completeRun(server, run.run_id);
}
