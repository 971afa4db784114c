import { BENCH_CLIENT_ID } from "./step-runs";

async function post(baseUrl: string, adminKey: string, path: string, body: unknown) {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * The step-load fixtures made through the API itself, for the embedded engine
 * (PGlite belongs to the API process): a client, running runs and a
 * runs:write key, whose plaintext is returned.
 */
export async function createFixturesViaApi(
  baseUrl: string,
  adminKey: string,
  runIds: readonly string[],
): Promise<string> {
  await post(baseUrl, adminKey, "/clients", { client_id: BENCH_CLIENT_ID, name: "Bench client" });
  for (const runId of runIds) {
    await post(baseUrl, adminKey, "/runs", {
      client_id: BENCH_CLIENT_ID,
      run_id: runId,
      status: "running",
    });
  }
  const created = await post(baseUrl, adminKey, "/keys", {
    name: "bench writer",
    scopes: ["runs:write"],
  });
  return String(created.key);
}
