import { count, sql } from "drizzle-orm";
import type { Database } from "../client/types";
import { putBudget } from "../repo/budgets/put-budget";
import { createClient } from "../repo/clients/create-client";
import { createRun } from "../repo/runs/create-run";
import { transitionRun } from "../repo/runs/transition-run";
import { recordStep } from "../repo/steps/record-step";
import { budgets, clients, runs } from "../schema";
import { DEMO_CLIENTS, demoPlan } from "./demo-plan";

export interface DemoSummary {
  clients: number;
  runs: number;
  steps: number;
  failed: number;
  running: number;
  /** Clients given a monthly notify-only budget (all of them). */
  budgets: number;
  /** The sum of the runs' total_cost, a decimal string. */
  totalCost: string;
}

/** Refused: demo data goes into an empty ledger only, never next to real runs. */
export class DatabaseNotEmptyError extends Error {
  constructor(clientCount: number, runCount: number) {
    super(
      `the database already holds ${clientCount} clients and ${runCount} runs; seed:demo fills an empty one only (set DATA_DIR to a new folder or DATABASE_URL to a new database)`,
    );
    this.name = "DatabaseNotEmptyError";
  }
}

/**
 * Fills an empty database with a month of demo runs ending at `now` (demo-plan.ts), through
 * the ledger's own functions: every step priced by the domain at its completion time, run
 * totals equal to their steps' sums, timestamps back-dated.
 */
export async function seedDemo(database: Database, now: Date = new Date()): Promise<DemoSummary> {
  const [existing] = await database.db
    .select({
      clients: count(),
      runs: sql<number>`(SELECT count(*) FROM ${runs})`.mapWith(Number),
    })
    .from(clients);
  if (existing && (existing.clients > 0 || existing.runs > 0)) {
    throw new DatabaseNotEmptyError(existing.clients, existing.runs);
  }
  const firstDay = new Date(now.getTime() - 31 * 86_400_000);
  for (const { clientId, name, config } of DEMO_CLIENTS) {
    await createClient(database, { clientId, name, config });
  }
  // Clients signed up before their first run.
  await database.db.update(clients).set({ createdAt: firstDay, updatedAt: firstDay });
  let steps = 0;
  for (const planned of demoPlan(now)) {
    const { clientId, triggeredBy, seedData } = planned;
    const { run } = await createRun(
      database,
      { clientId, triggeredBy, seedData, status: "running" },
      { now: planned.startedAt },
    );
    for (const [index, step] of planned.steps.entries()) {
      const completedAt = new Date(step.startedAt.getTime() + step.durationMs);
      await recordStep(
        database,
        run.runId,
        { ...step, stepId: `${run.runId}:${step.stepName}:${index + 1}` },
        { now: completedAt },
      );
      steps += 1;
    }
    const { outcome } = planned;
    if (outcome.status === "completed") {
      await transitionRun(database, run.runId, "completed", { now: outcome.at });
    } else if (outcome.status === "failed") {
      const { at, errorMessage } = outcome;
      await transitionRun(database, run.runId, "failed", { now: at, errorMessage });
    }
  }
  await seedBudgets(database);
  return summarize(database, steps);
}

/**
 * A monthly notify-only budget per client, its limit a quarter above what the client spent
 * over the seeded month (whole dollars), so the dashboard's budget card has something to say.
 */
async function seedBudgets(database: Database): Promise<void> {
  const spent = await database.db
    .select({ clientId: runs.clientId, total: sql<string>`sum(${runs.totalCost})::text` })
    .from(runs)
    .groupBy(runs.clientId);
  for (const { clientId, total } of spent) {
    const limit = Math.max(1, Math.ceil(Number(total) * 1.25));
    await putBudget(database, clientId, {
      period: "month",
      limitUsd: String(limit),
      thresholds: [0.5, 0.8, 1],
      action: "notify_only",
    });
  }
}

async function summarize(database: Database, steps: number): Promise<DemoSummary> {
  const [row] = await database.db
    .select({
      runs: count(),
      failed: sql<number>`count(*) FILTER (WHERE ${runs.status} = 'failed')`.mapWith(Number),
      running: sql<number>`count(*) FILTER (WHERE ${runs.status} = 'running')`.mapWith(Number),
      totalCost: sql<string>`coalesce(sum(${runs.totalCost}), 0)::text`,
    })
    .from(runs);
  return {
    clients: DEMO_CLIENTS.length,
    runs: row?.runs ?? 0,
    steps,
    failed: row?.failed ?? 0,
    running: row?.running ?? 0,
    budgets: await countBudgets(database),
    totalCost: row?.totalCost ?? "0",
  };
}

async function countBudgets(database: Database): Promise<number> {
  const [row] = await database.db.select({ budgets: count() }).from(budgets);
  return row?.budgets ?? 0;
}
