import { type Budget, emitBudgetEvent, listBudgets } from "@columnline/db";
import { budgetEventType } from "@columnline/domain";
import type { BudgetJson } from "../contract/budget";
import { budgetView } from "../core/budgets-core";
import type { ApiServices, BudgetWatch } from "../services";

export interface BudgetEvaluatorOptions {
  /** Every budget is re-read and re-evaluated this often (BUDGET_EVAL_INTERVAL). */
  intervalMs: number;
  /** After a step of a budgeted client, evaluation waits this long to take its neighbours too. */
  debounceMs: number;
}

export const DEFAULT_BUDGET_EVAL_INTERVAL_MS = 10_000;
export const DEFAULT_BUDGET_EVAL_DEBOUNCE_MS = 1_000;

/** Dedupe keys this process has written, forgotten wholesale past this many. */
const MAX_REMEMBERED_KEYS = 10_000;

/**
 * For this long after a period ends, evaluations look at it too: a step at 23:59:59.9 is
 * evaluated a moment later, in the next period, and its crossing belongs to the one it ended.
 */
export const PREVIOUS_PERIOD_WINDOW_MS = 60 * 60_000;

/**
 * Announces budget threshold crossings outside the step path. Recording a step only tells
 * this evaluator (in memory) which client spent; it re-derives each concerned budget's spend
 * from the ledger a moment later, and every `intervalMs` sweeps all budgets (budgets set
 * through other instances, steps recorded by them, a restart after a crash). Each crossing
 * goes to the webhooks outbox through emit_event with a dedupe key per budget, period, limit
 * and threshold: however many steps or instances see it, it is written once.
 */
export function startBudgetEvaluator(services: ApiServices, options: BudgetEvaluatorOptions) {
  let budgets: Budget[] = [];
  let watched = new Set<string>();
  let hasGlobal = false;
  let stale = true;
  let sweepAll = true;
  const dirtyClients = new Set<string>();
  const emitted = new Set<string>();
  let debounce: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  // The first full sweep after start looks at every budget's previous period whatever its
  // age: crossings in a period that ended while no instance was running.
  let caughtUp = false;

  /**
   * The current period, and the previous one when it ended lately or on catching up, if the
   * budget's settings were already those before it ended (a limit lowered since is not
   * applied to a period that ran under another).
   */
  async function periodsToCheck(budget: Budget) {
    const current = await budgetView(budget, services);
    const start = new Date(current.period_start);
    const sinceEnd = services.now().getTime() - start.getTime();
    if (caughtUp && sinceEnd >= PREVIOUS_PERIOD_WINDOW_MS) return [current];
    if (budget.updatedAt.getTime() >= start.getTime()) return [current];
    return [await budgetView(budget, services, new Date(start.getTime() - 1)), current];
  }

  async function announce(budget: Budget) {
    for (const view of await periodsToCheck(budget)) await announcePeriod(view);
  }

  async function announcePeriod(view: BudgetJson) {
    for (const threshold of view.thresholds_crossed) {
      const dedupeKey = `budget:${view.budget_id}:${view.period_start}:${threshold}@${view.limit_usd}`;
      if (emitted.has(dedupeKey)) continue;
      const type = budgetEventType(threshold);
      const eventId = await emitBudgetEvent(services.db, {
        type,
        payload: { budget: view, threshold },
        dedupeKey,
      });
      if (emitted.size >= MAX_REMEMBERED_KEYS) emitted.clear();
      emitted.add(dedupeKey);
      if (eventId !== null) {
        services.logger.info({ eventId, type, dedupeKey, spent: view.spent_exact }, type);
      }
    }
  }

  async function evaluate() {
    const all = sweepAll;
    const clients = new Set(dirtyClients);
    sweepAll = false;
    dirtyClients.clear();
    try {
      if (stale || all) {
        stale = false;
        budgets = await listBudgets(services.db);
        watched = new Set(budgets.flatMap((budget) => budget.clientId ?? []));
        hasGlobal = budgets.some((budget) => budget.clientId === null);
      }
      for (const budget of budgets) {
        const concerned =
          all || (budget.clientId === null ? clients.size > 0 : clients.has(budget.clientId));
        if (concerned) await announce(budget);
      }
      if (all) caughtUp = true;
    } catch (error) {
      // Nothing is lost: the next sweep re-derives spend and emits what is missing.
      sweepAll = true;
      services.logger.warn({ err: error }, "budget evaluation failed; will retry");
    }
  }

  /** Starts an evaluation, or asks for one more after the one running. */
  function kick(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = evaluate().finally(() => {
      running = null;
      if (again) {
        again = false;
        void kick();
      }
    });
    return running;
  }

  function runSoon(delayMs: number) {
    if (debounce) return;
    debounce = setTimeout(() => {
      debounce = null;
      void kick();
    }, delayMs);
    debounce.unref();
  }

  const interval = setInterval(() => {
    sweepAll = true;
    runSoon(0);
  }, options.intervalMs);
  interval.unref();
  // At start: catch up on whatever crossed while no instance was looking.
  runSoon(0);

  const watch: BudgetWatch = {
    stepRecorded(clientId) {
      if (!hasGlobal && !watched.has(clientId)) return;
      dirtyClients.add(clientId);
      runSoon(options.debounceMs);
    },
    budgetsChanged() {
      stale = true;
      sweepAll = true;
      runSoon(0);
    },
  };

  return {
    watch,
    /** Sweeps every budget now and resolves when done (tests, shutdown). */
    async sweep() {
      sweepAll = true;
      await kick();
      while (running) await running;
    },
    async stop() {
      clearInterval(interval);
      if (debounce) clearTimeout(debounce);
      debounce = null;
      while (running) await running;
    },
  };
}

export type BudgetEvaluator = ReturnType<typeof startBudgetEvaluator>;
