/**
 * A small ledger for the property contract test to work on, made through the REST API: two
 * clients, runs in every status (with steps), a price override and one key per scope.
 * Every answer feeds the pools, so generated requests can name what exists.
 */
import type { TestApi } from "../harness";
import type { LedgerPools } from "./ledger-pools";
import type { Credential } from "./request-arbitrary";

export type Keys = Record<Credential, string | null>;

export async function setUpLedger(
  api: TestApi,
  pools: LedgerPools,
  adminKey: string,
): Promise<Keys> {
  const call = async (method: string, path: string, body?: unknown) => {
    const answer = await api.rest(method, path, body);
    if (answer.status >= 300) {
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    pools.harvest(answer.body);
    return answer.body;
  };
  for (const client_id of ["CLT_ACME_001", "CLT_PROP_TEST"]) {
    await call("POST", "/clients", {
      client_id,
      name: `Client ${client_id}`,
      config: { tier: "pro" },
    });
  }
  const step = (step_id: string) => ({
    step_id,
    step_name: "Research the lead",
    model: "gpt-4o",
    usage: { input_tokens: 1000, output_tokens: 500 },
  });
  for (const client_id of ["CLT_ACME_001", "CLT_PROP_TEST"]) {
    await call("POST", "/runs", { client_id });
    const running = (await call("POST", "/runs", { client_id, status: "running" })) as {
      run_id: string;
    };
    await call("POST", `/runs/${running.run_id}/steps`, step("research"));
    for (const outcome of ["complete", "fail"]) {
      const run = (await call("POST", "/runs", { client_id, status: "running" })) as {
        run_id: string;
      };
      await call("POST", `/runs/${run.run_id}/steps`, step("research"));
      await call(
        "POST",
        `/runs/${run.run_id}/${outcome}`,
        outcome === "fail" ? { error_message: "the provider timed out" } : undefined,
      );
    }
  }
  await call("PUT", "/prices/overrides", {
    model: "gpt-4o",
    client_id: "CLT_ACME_001",
    input_mtok: "2",
    output_mtok: "8",
  });
  const keys: Keys = { admin: adminKey, none: null, "runs:read": null, "runs:write": null };
  for (const scope of ["runs:read", "runs:write"] as const) {
    const created = (await call("POST", "/keys", {
      name: `property ${scope}`,
      scopes: [scope],
    })) as {
      key: string;
    };
    keys[scope] = created.key;
  }
  return keys;
}
