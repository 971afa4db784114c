/**
 * Setting up the runs a load writes to, and checking afterwards, in SQL, that nothing was
 * lost or counted twice: every run's totals equal its ledger's sums, every acknowledged
 * step is in the ledger once with the tokens and cost it was acknowledged with, and the
 * ledger holds nothing else.
 */
import type { Database } from "@columnline/db";
import { expect } from "vitest";
import type { LoadReport } from "./load";

export type Row = Record<string, unknown>;

/** Plain SQL on either engine (postgres.js returns an array, PGlite `{ rows }`). */
export async function queryRows(db: Database, text: string): Promise<Row[]> {
  const result: unknown = await db.db.execute(text);
  if (Array.isArray(result)) return result as Row[];
  return (result as { rows: Row[] }).rows;
}

/** A REST call with a key, failing loudly on anything but the expected status. */
export async function restCall<T = Record<string, unknown>>(
  url: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
  expected: number[] = [200, 201],
): Promise<T> {
  const response = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (!expected.includes(response.status)) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  }
  return (text ? JSON.parse(text) : null) as T;
}

/**
 * A client, the runs (running) and a runs:write key for the load, through the API with the
 * admin key; `concurrency` creates at a time.
 */
export async function prepareRuns(
  url: string,
  adminKey: string,
  runIds: string[],
  concurrency = 16,
): Promise<{ clientId: string; writeKey: string }> {
  const clientId = `CLT_RELIABILITY_${Date.now().toString(36).toUpperCase()}`;
  await restCall(url, adminKey, "POST", "/clients", { client_id: clientId, name: "Load" });
  const pending = [...runIds];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let runId = pending.shift(); runId; runId = pending.shift()) {
        await restCall(url, adminKey, "POST", "/runs", {
          client_id: clientId,
          run_id: runId,
          status: "running",
          triggered_by: "make.com",
          seed_data: { lead_url: `https://example.com/${runId}` },
        });
      }
    }),
  );
  const { key } = await restCall<{ key: string }>(url, adminKey, "POST", "/keys", {
    name: "load clients",
    scopes: ["runs:write"],
  });
  return { clientId, writeKey: key };
}

/** "0.0123400000" and "0.01234" are the same amount. */
export function canonicalDecimal(value: string | null): string | null {
  if (value === null) return null;
  if (!value.includes(".")) return value;
  return value.replace(/0+$/, "").replace(/\.$/, "");
}

export interface LedgerCheck {
  runs: number;
  steps: number;
  tokens: number;
  cost: string;
  /** Runs whose total_tokens, total_cost or total_cost_exact differ from their ledger's sums. */
  totalsMismatches: Row[];
  /** (run_id, step_id) recorded more than once. */
  doubled: Row[];
  /** Acknowledged steps the ledger lacks, or holds with other tokens or cost. */
  missingOrDifferent: string[];
  /** Ledger rows no acknowledged request accounts for. */
  unaccounted: string[];
}

/** The invariant, checked in SQL over the given runs. */
export async function checkLedger(
  db: Database,
  runIds: readonly string[],
  accepted: LoadReport["accepted"],
): Promise<LedgerCheck> {
  const list = runIds.map((runId) => `'${runId.replace(/'/g, "''")}'`).join(", ");
  const totalsMismatches = await queryRows(
    db,
    `SELECT r.run_id, r.total_tokens, r.total_cost::text AS total_cost,
            r.total_cost_exact::text AS total_cost_exact,
            coalesce(l.tokens, 0) AS ledger_tokens,
            round(coalesce(l.cost, 0), 4)::text AS ledger_cost,
            coalesce(l.cost, 0)::text AS ledger_cost_exact
       FROM v2_runs AS r
       LEFT JOIN (SELECT run_id, sum(tokens) AS tokens, sum(cost) AS cost
                    FROM v2_run_steps GROUP BY run_id) AS l USING (run_id)
      WHERE r.run_id IN (${list})
        AND (r.total_tokens <> coalesce(l.tokens, 0)
             OR r.total_cost <> round(coalesce(l.cost, 0), 4)
             OR r.total_cost_exact <> coalesce(l.cost, 0))`,
  );
  const doubled = await queryRows(
    db,
    `SELECT run_id, step_id, count(*)::int AS copies FROM v2_run_steps
      WHERE run_id IN (${list}) GROUP BY run_id, step_id HAVING count(*) > 1`,
  );
  const rows = await queryRows(
    db,
    `SELECT run_id, step_id, tokens, cost::text AS cost FROM v2_run_steps WHERE run_id IN (${list})`,
  );
  const [sums] = await queryRows(
    db,
    `SELECT count(*)::int AS runs, coalesce(sum(total_tokens), 0)::text AS tokens,
            coalesce(sum(total_cost_exact), 0)::text AS cost
       FROM v2_runs WHERE run_id IN (${list})`,
  );
  const stored = new Map(rows.map((row) => [`${row.run_id}/${row.step_id}`, row]));
  const missingOrDifferent: string[] = [];
  for (const [key, step] of accepted) {
    const row = stored.get(key);
    if (!row) missingOrDifferent.push(`${key}: missing`);
    else if (
      Number(row.tokens) !== step.tokens ||
      canonicalDecimal(row.cost as string | null) !== canonicalDecimal(step.cost)
    ) {
      missingOrDifferent.push(
        `${key}: stored ${row.tokens} tokens / ${row.cost}, acknowledged ${step.tokens} / ${step.cost}`,
      );
    }
  }
  const unaccounted = [...stored.keys()].filter((key) => !accepted.has(key));
  return {
    runs: Number(sums?.runs ?? 0),
    steps: rows.length,
    tokens: Number(sums?.tokens ?? 0),
    cost: canonicalDecimal(String(sums?.cost ?? "0")) ?? "0",
    totalsMismatches,
    doubled,
    missingOrDifferent,
    unaccounted,
  };
}

/** Asserts the invariant and prints what was checked. */
export function expectLedgerIntact(label: string, check: LedgerCheck, expectedSteps: number): void {
  console.log(
    `[${label}] ledger: ${check.runs} runs, ${check.steps} steps, ${check.tokens} tokens, ` +
      `${check.cost} USD; totals ≠ ledger sums: ${check.totalsMismatches.length}, ` +
      `steps twice: ${check.doubled.length}, acknowledged but missing/different: ` +
      `${check.missingOrDifferent.length}, unaccounted rows: ${check.unaccounted.length}`,
  );
  expect(check.totalsMismatches).toEqual([]);
  expect(check.doubled).toEqual([]);
  expect(check.missingOrDifferent).toEqual([]);
  expect(check.unaccounted).toEqual([]);
  expect(check.steps).toBe(expectedSteps);
}
