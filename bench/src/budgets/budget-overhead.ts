/**
 * Step recording through the API (REST, PostgreSQL) for a client with a budget and one
 * without, interleaved round by round so drift hits both alike. The budgeted client's steps
 * wake the evaluator (a spend read every 200 ms under load); the other's cost a Set lookup.
 * Usage: npx tsx src/budgets/budget-overhead.ts [rounds=4] [seconds=8] [concurrency=16]
 */
import { startTestServer } from "@columnline/api/testing";
import { createClient, createRun, putBudget } from "@columnline/db";

const [rounds = 4, seconds = 8, concurrency = 16] = process.argv.slice(2).map(Number);
process.env.DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/postgres";

// The real API on a free port over a fresh PostgreSQL database (dropped at the end).
const server = await startTestServer("postgres");
const { db, adminKey, url } = server;
try {
  const runsOf: Record<string, string[]> = {};
  for (const clientId of ["CLT_BUDGETED_001", "CLT_UNBUDGETED_001"]) {
    await createClient(db, { clientId, name: clientId });
    runsOf[clientId] = [];
    for (let i = 0; i < 50; i++) {
      const at = new Date(Date.UTC(2026, 0, 15, 0, 0, i + (clientId.includes("UN") ? 100 : 0)));
      const { run } = await createRun(db, { clientId, status: "running" }, { now: at });
      runsOf[clientId]?.push(run.runId);
    }
  }
  await putBudget(db, "CLT_BUDGETED_001", {
    period: "day",
    limitUsd: "1000000",
    thresholds: [0.5, 0.8, 1],
    action: "block_new_runs",
  });
  let stepSeq = 0;
  async function measure(clientId: string): Promise<number> {
    const runs = runsOf[clientId] ?? [];
    const deadline = Date.now() + seconds * 1000;
    let done = 0;
    const worker = async () => {
      while (Date.now() < deadline) {
        stepSeq += 1;
        const response = await fetch(`${url}/api/v1/runs/${runs[stepSeq % runs.length]}/steps`, {
          method: "POST",
          headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
          body: JSON.stringify({
            step_id: `s${stepSeq}`,
            model: "gpt-4o",
            usage: { input_tokens: 1000, output_tokens: 500 },
          }),
        });
        await response.arrayBuffer();
        if (response.status !== 201) throw new Error(`step answered ${response.status}`);
        done += 1;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return done / seconds;
  }
  console.log("round budgeted_steps_per_s unbudgeted_steps_per_s");
  for (let round = 1; round <= rounds; round++) {
    const order =
      round % 2
        ? ["CLT_BUDGETED_001", "CLT_UNBUDGETED_001"]
        : ["CLT_UNBUDGETED_001", "CLT_BUDGETED_001"];
    const result: Record<string, number> = {};
    for (const clientId of order) result[clientId] = await measure(clientId);
    console.log(round, result.CLT_BUDGETED_001?.toFixed(0), result.CLT_UNBUDGETED_001?.toFixed(0));
  }
  // What one evaluation costs (off the step path): a full sweep, all steps in this hour's edge.
  const started = performance.now();
  for (let i = 0; i < 20; i++) await server.api.budgetEvaluator.sweep();
  const perSweep = (performance.now() - started) / 20;
  console.log(`steps recorded: ${stepSeq}; one budget sweep: ${perSweep.toFixed(1)} ms`);
} finally {
  await server.close();
}
