import { BENCH_CLIENT_ID } from "../steps/step-runs";

async function post(baseUrl: string, key: string, path: string, body: unknown): Promise<number> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok && response.status !== 409) {
    throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  }
  return response.status;
}

/** The bench client and one running run, through the API (the embedded database is inside it). */
export async function createRunViaApi(baseUrl: string, key: string, runId: string) {
  // 409: the client exists already (a second start on the same folder).
  await post(baseUrl, key, "/clients", { client_id: BENCH_CLIENT_ID, name: "Bench client" });
  await post(baseUrl, key, "/runs", {
    client_id: BENCH_CLIENT_ID,
    run_id: runId,
    status: "running",
  });
}

/**
 * `count` new steps through REST, `concurrency` requests at a time, as a worker pool would
 * send them; returns steps per second.
 */
export async function recordSteps(input: {
  baseUrl: string;
  key: string;
  runId: string;
  stepPrefix: string;
  count: number;
  concurrency: number;
}): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < input.count) {
      const n = next++;
      const status = await post(input.baseUrl, input.key, `/runs/${input.runId}/steps`, {
        step_id: `${input.stepPrefix}-${n}`,
        step_name: "research",
        model: "gpt-4o",
        usage: { input_tokens: 1000, output_tokens: 500 },
      });
      if (status !== 201) throw new Error(`step ${n} answered ${status}, expected 201`);
    }
  };
  await Promise.all(Array.from({ length: input.concurrency }, worker));
  return input.count / ((performance.now() - started) / 1000);
}
