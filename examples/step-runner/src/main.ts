/**
 * A step service in miniature: runs two LLM steps of the dossier pipeline in a
 * Columnline run, records each step's usage, and prints what the run cost.
 *
 *   pnpm --filter @columnline/example-step-runner start <run_id>          work in a run made elsewhere
 *   pnpm --filter @columnline/example-step-runner start --client <id>     make a new run for a client
 *   ... --fail                                                            make the second step fail
 *
 * Reads COLUMNLINE_API_URL (http://127.0.0.1:3000 by default) and COLUMNLINE_API_KEY.
 */
import { parseArgs } from "node:util";
import {
  createRunsClient,
  describeApiError,
  type WithRunOptions,
  withRun,
} from "@columnline/worker-sdk";
import { researchLead, writeDossier } from "./simulated-llm";

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

const { values, positionals } = parseArgs({
  options: { client: { type: "string" }, fail: { type: "boolean" } },
  allowPositionals: true,
});
const apiKey = process.env.COLUMNLINE_API_KEY;
if (!apiKey) fail("set COLUMNLINE_API_KEY to a key with the runs:write and runs:read scopes");
const runId = positionals[0];
if (!runId && !values.client)
  fail("pass a run_id (e.g. from `pnpm cli runs create`) or --client <client_id>");

const client = createRunsClient({
  baseUrl: process.env.COLUMNLINE_API_URL || "http://127.0.0.1:3000",
  apiKey,
});
const target: WithRunOptions = runId
  ? { runId }
  : { clientId: values.client ?? "", triggeredBy: "api" };

let startedRunId: string | null = null;
try {
  const { run, result } = await withRun(client, target, async (scope) => {
    startedRunId = scope.runId;
    console.log(`Run ${scope.runId} (${scope.run.client_id}) is running`);
    const leadUrl = String(scope.run.seed_data?.lead_url ?? "https://example.com/lead");
    const research = await scope.step("research", async () => {
      const answer = await researchLead(leadUrl);
      return { result: answer.text, model: answer.model, usage: answer.usage };
    });
    return scope.step("write_dossier", async () => {
      const answer = await writeDossier(research, values.fail === true);
      return { result: answer.text, model: answer.model, usage: answer.usage };
    });
  });
  for (const step of await client.steps.list.query({ run_id: run.run_id })) {
    const usage = `${step.usage.input_tokens} in (${step.usage.cache_read_tokens} cached) / ${step.usage.output_tokens} out`;
    console.log(
      `  ${step.step_name?.padEnd(14)} ${step.model?.padEnd(18)} ${usage.padEnd(32)} $${step.cost}`,
    );
  }
  console.log(result);
  console.log(`Run ${run.run_id} ${run.status}: ${run.total_tokens} tokens, $${run.total_cost}`);
} catch (error) {
  const message = describeApiError(error).message;
  // withRun has already failed the run with this message.
  fail(startedRunId ? `run ${startedRunId} failed: ${message}` : message);
}
