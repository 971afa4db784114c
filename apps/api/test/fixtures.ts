/** Shared helpers for the end-to-end suites: fresh clients and runs, and checks on error bodies. */
import { formatRunId } from "@columnline/domain";
import { expect } from "vitest";
import type { RunJson } from "../src/contract/run";
import type { recordStepJsonSchema } from "../src/contract/step";
import type { ErrorBody } from "../src/errors/api-error";
import type { RestResponse, TestApi } from "./harness";
import { freshRunId, uniqueToken } from "./harness";

export type { RunJson };
export type RecordStepJson = import("zod").infer<typeof recordStepJsonSchema>;
export type StepJson = RecordStepJson["step"];

/** A random whole second in 2020-2029: runs derived from it get IDs no other test uses. */
export function freshInstant(): Date {
  return new Date(Date.UTC(2020, 0, 1) + Math.floor(Math.random() * 315_000_000) * 1000);
}

export const addSeconds = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);
export const addDays = (at: Date, days: number) => addSeconds(at, days * 86_400);
export const runIdAt = (at: Date) => formatRunId(at);

export const usage = (input_tokens: number, output_tokens: number) => ({
  input_tokens,
  output_tokens,
});

/** Asserts the status, showing the body when it differs. */
export function expectStatus<T>(response: RestResponse<T>, status: number): T {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

/** Stack frames, SQL and driver wording that must never reach a caller. */
const INTERNALS = [
  /\n\s*at /,
  / {4}at /,
  /\bat .*\.[cm]?[jt]s:\d+/,
  /\b(select|insert into|update\s+\S+\s+set|delete from)\b/i,
  /\bv2_[a-z_]+/,
  /\b(postgres|pglite|drizzle|sqlstate)\b/i,
  /Failed query/i,
  /node_modules/,
];

export function expectNoInternals(text: string): void {
  for (const pattern of INTERNALS) expect(text, `leaks ${pattern}`).not.toMatch(pattern);
}

/** An error answer: the status, a JSON body of exactly {code, message, issues?}, no internals. */
export function expectError(
  response: RestResponse<unknown>,
  status: number,
  code?: string,
): ErrorBody {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = response.body as ErrorBody;
  expect(typeof body.code).toBe("string");
  expect(typeof body.message).toBe("string");
  expect(Object.keys(body).sort()).toEqual(
    "issues" in body ? ["code", "issues", "message"] : ["code", "message"],
  );
  if (body.issues !== undefined) {
    for (const issue of body.issues) {
      expect(Object.keys(issue).sort()).toEqual(["message", "path"]);
    }
  }
  if (code !== undefined) expect(body.code).toBe(code);
  expectNoInternals(JSON.stringify(body));
  return body;
}

/** The paths a 400 names. */
export function issuePaths(body: ErrorBody): string[] {
  return (body.issues ?? []).map((issue) => issue.path);
}

export async function createClient(
  api: TestApi,
  config: Record<string, unknown> = { tier: "gold" },
): Promise<string> {
  const clientId = `CLT_${uniqueToken()}`;
  expectStatus(
    await api.rest("POST", "/clients", { client_id: clientId, name: "Acme", config }),
    201,
  );
  return clientId;
}

/** Creates a run (201) for the client with the given fields; a fresh run_id unless one is given. */
export async function createRun(
  api: TestApi,
  clientId: string,
  fields: Record<string, unknown> = {},
): Promise<RunJson> {
  const response = await api.rest<RunJson>("POST", "/runs", {
    client_id: clientId,
    run_id: freshRunId(),
    ...fields,
  });
  return expectStatus(response, 201);
}

export const runningRun = (api: TestApi, clientId: string, fields: Record<string, unknown> = {}) =>
  createRun(api, clientId, { status: "running", ...fields });

export async function recordStep(
  api: TestApi,
  runId: string,
  body: Record<string, unknown>,
  status = 201,
): Promise<RecordStepJson> {
  return expectStatus(await api.rest<RecordStepJson>("POST", `/runs/${runId}/steps`, body), status);
}

export async function getRun(api: TestApi, runId: string): Promise<RunJson> {
  return expectStatus(await api.rest<RunJson>("GET", `/runs/${runId}`), 200);
}

/** A running run with one step per entry (step-0, step-1, ...), then completed by default. */
export async function pricedRun(
  api: TestApi,
  clientId: string,
  steps: { model: string; input: number; output: number }[],
  options: { runId?: string; finish?: "complete" | "fail" | null } = {},
): Promise<RunJson> {
  const run = await runningRun(api, clientId, options.runId ? { run_id: options.runId } : {});
  for (const [index, step] of steps.entries()) {
    await recordStep(api, run.run_id, {
      step_id: `step-${index}`,
      model: step.model,
      usage: usage(step.input, step.output),
    });
  }
  const finish = options.finish === undefined ? "complete" : options.finish;
  if (finish === "complete") {
    expectStatus(await api.rest("POST", `/runs/${run.run_id}/complete`), 200);
  } else if (finish === "fail") {
    expectStatus(
      await api.rest("POST", `/runs/${run.run_id}/fail`, { error_message: "boom" }),
      200,
    );
  }
  return getRun(api, run.run_id);
}
