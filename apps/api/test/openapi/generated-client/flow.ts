/**
 * A Make.com-like flow through a client generated from the live OpenAPI document: copied with
 * the generated `columnline.ts` into a temp folder, typechecked strictly with the repository's
 * `tsc`, then run against the server. Exits 1 naming every mismatch.
 */
import createClient from "openapi-fetch";
import type { paths } from "./columnline.js";

const baseUrl = process.env.COLUMNLINE_API_URL ?? "";
const key = process.env.COLUMNLINE_API_KEY ?? "";
const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${key}` } });

const failures: string[] = [];
function check(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    failures.push(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

/** Never called: the document's types must reject a token count sent as a string. */
export function wrongFieldType(runId: string): Promise<unknown> {
  return client.POST("/api/v1/runs/{run_id}/steps", {
    params: { path: { run_id: runId } },
    body: {
      step_id: "wrong",
      // @ts-expect-error input_tokens is an integer in the document
      usage: { input_tokens: "1000", output_tokens: 500 },
    },
  });
}

const clientId = "CLT_GENERATED_001";
const created = await client.POST("/api/v1/clients", {
  body: { client_id: clientId, name: "Generated client", config: { tier: "gold" } },
});
check("create client status", created.response.status, 201);
check("create client id", created.data?.client_id, clientId);

const run = await client.POST("/api/v1/runs", {
  body: { client_id: clientId, status: "pending", seed_data: { lead_url: "https://example.com" } },
});
check("create run status", run.response.status, 201);
check("created run status", run.data?.status, "pending");
const runId = run.data?.run_id ?? "";
const path = { run_id: runId };

const started = await client.POST("/api/v1/runs/{run_id}/start", { params: { path } });
check("start status", started.response.status, 200);
check("started run status", started.data?.status, "running");

const usage = { input_tokens: 1000, output_tokens: 500 };
const steps: [string, number, boolean][] = [
  ["research", 201, false],
  ["write_dossier", 201, false],
  ["write_dossier", 200, true], // a retried step: recorded once
  ["review", 201, false],
];
for (const [stepId, status, duplicate] of steps) {
  const recorded = await client.POST("/api/v1/runs/{run_id}/steps", {
    params: { path },
    body: { step_id: stepId, step_name: stepId, model: "gpt-4o", usage },
  });
  check(`step ${stepId} status`, recorded.response.status, status);
  check(`step ${stepId} duplicate`, recorded.data?.duplicate, duplicate);
  check(`step ${stepId} cost`, recorded.data?.step.cost, "0.0075");
}

const completed = await client.POST("/api/v1/runs/{run_id}/complete", { params: { path } });
check("complete status", completed.response.status, 200);
check("completed run status", completed.data?.status, "completed");

const read = await client.GET("/api/v1/runs/{run_id}", { params: { path } });
check("read run status", read.response.status, 200);
check("run total_cost", read.data?.total_cost, "0.0225");
check("run total_tokens", read.data?.total_tokens, 4500);

const listed = await client.GET("/api/v1/runs/{run_id}/steps", { params: { path } });
check("list steps status", listed.response.status, 200);
check(
  "steps",
  listed.data?.map((step) => [step.step_id, step.cost]),
  [
    ["research", "0.0075"],
    ["write_dossier", "0.0075"],
    ["review", "0.0075"],
  ],
);

const summary = await client.GET("/api/v1/analytics/cost-summary", {
  params: { query: { client_id: clientId } },
});
check("cost-summary status", summary.response.status, 200);
check("cost-summary run_count", summary.data?.run_count, 1);
check("cost-summary total_cost", summary.data?.total_cost, "0.0225");

const top = await client.GET("/api/v1/analytics/top-runs", {
  params: { query: { client_id: clientId } },
});
check("top-runs status", top.response.status, 200);
check(
  "top-runs",
  top.data?.map((row) => [row.run_id, row.total_cost]),
  [[runId, "0.0225"]],
);

const byModel = await client.GET("/api/v1/analytics/cost-by-model", {
  params: { query: { client_id: clientId } },
});
check("cost-by-model status", byModel.response.status, 200);
check(
  "cost-by-model",
  byModel.data?.map((row) => [row.model, row.step_count, row.cost]),
  [["gpt-4o", 3, "0.0225"]],
);

const byDay = await client.GET("/api/v1/analytics/cost-by-day", {
  params: { query: { client_id: clientId } },
});
check("cost-by-day status", byDay.response.status, 200);
check(
  "cost-by-day",
  byDay.data?.map((row) => [row.step_count, row.cost]),
  [[3, "0.0225"]],
);

if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log(`flow ok: ${runId}`);
