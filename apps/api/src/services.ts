import type { Database } from "@columnline/db";
import type { Logger } from "pino";

/** What the budget evaluator is told, so threshold events follow steps closely (budgets/). */
export interface BudgetWatch {
  /** A step of this client's run was recorded (in-memory only: no I/O on the step path). */
  stepRecorded(clientId: string): void;
  /** A budget was set or removed through this instance. */
  budgetsChanged(): void;
}

/** What every core function may use; tests build it with a fake clock or a fresh database. */
export interface ApiServices {
  db: Database;
  logger: Logger;
  now: () => Date;
  /** The budget evaluator, when one runs (startApi starts it). */
  budgets?: BudgetWatch;
  /** WEBHOOK_ALLOW_PRIVATE=1: webhook URLs may be http and private or loopback addresses. */
  webhookAllowPrivate?: boolean;
}
