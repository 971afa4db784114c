import { sql } from "drizzle-orm";
import type { DbHandle } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { queryRows, readText } from "../../internal/rows";
import { withoutJit } from "./no-jit";
import { runRangeSums } from "./run-range-sums";
import { stepRangeSums } from "./step-range-sums";
import { parseRange } from "./time-zone";

export interface ClientSpend {
  clientId: string;
  name: string;
  /** Steps recorded in the range (whatever the run's status): 4 places, and exact. */
  cost: string;
  costExact: string;
  /** Runs started in the range, and those of them completed or failed. */
  runs: number;
  completedRuns: number;
  failedRuns: number;
  /** Mean total_cost of the completed runs started in the range, 4 places; null if none. */
  averageRunCost: string | null;
}

export interface SpendByClientFilter {
  from: Date;
  to: Date;
}

/** total / count, rounded half up to 4 places, exactly (total: a sum of 4-place amounts). */
function averageOf(total: string, count: number): string {
  const [whole = "0", fraction = ""] = total.split(".");
  const units = BigInt(whole + fraction.padEnd(4, "0").slice(0, 4));
  const n = BigInt(count);
  const rounded = (2n * units + n) / (2n * n);
  const text = rounded.toString().padStart(5, "0");
  return `${text.slice(0, -4)}.${text.slice(-4)}`;
}

/** Each client with spend or runs in [from, to), the most expensive first. */
export async function spendByClient(
  handle: DbHandle,
  filter: SpendByClientFilter,
): Promise<ClientSpend[]> {
  parseRange(filter.from, filter.to);
  const range = sql`SELECT 'range'::text AS label, ${filter.from.toISOString()}::timestamptz AS lo, ${filter.to.toISOString()}::timestamptz AS hi`;
  return withDomainErrors(() =>
    withoutJit(handle, async (executor) => {
      const spend = await stepRangeSums(executor, range, "client");
      const runs = await runRangeSums(executor, range, { perClient: true });
      const byClient = new Map<string, ClientSpend & { completedCost: string }>();
      const entry = (clientId: string) => {
        let found = byClient.get(clientId);
        if (!found) {
          found = {
            clientId,
            name: clientId,
            cost: "0.0000",
            costExact: "0",
            runs: 0,
            completedRuns: 0,
            failedRuns: 0,
            averageRunCost: null,
            completedCost: "0",
          };
          byClient.set(clientId, found);
        }
        return found;
      };
      for (const row of spend) {
        if (row.group === null) continue;
        Object.assign(entry(row.group), { cost: row.cost, costExact: row.costExact });
      }
      for (const row of runs) {
        if (row.clientId === null) continue;
        const client = entry(row.clientId);
        client.runs += row.runs;
        if (row.status === "completed") {
          client.completedRuns = row.runs;
          client.completedCost = row.totalCost;
        }
        if (row.status === "failed") client.failedRuns = row.runs;
      }
      if (byClient.size === 0) return [];
      const ids = [...byClient.keys()];
      const extras = await queryRows(
        executor,
        sql`SELECT c.client_id, c.name FROM v2_clients AS c
           WHERE c.client_id IN (${sql.join(
             ids.map((id) => sql`${id}`),
             sql`, `,
           )})`,
      );
      for (const row of extras) entry(readText(row.client_id)).name = readText(row.name);
      for (const client of byClient.values()) {
        if (client.completedRuns > 0) {
          client.averageRunCost = averageOf(client.completedCost, client.completedRuns);
        }
      }
      return [...byClient.values()]
        .map(({ completedCost: _, ...client }) => client)
        .sort(
          (a, b) =>
            compareDecimal(b.costExact, a.costExact) || a.clientId.localeCompare(b.clientId),
        );
    }),
  );
}

/** Compares non-negative decimal strings exactly (no float). */
function compareDecimal(a: string, b: string): number {
  const [ai = "0", af = ""] = a.split(".");
  const [bi = "0", bf = ""] = b.split(".");
  if (ai.length !== bi.length) return ai.length - bi.length;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const fa = af.padEnd(width, "0");
  const fb = bf.padEnd(width, "0");
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}
