import { notFound } from "@columnline/domain";
import { sql } from "drizzle-orm";
import { type DbHandle, executorOf } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { queryRows } from "../../internal/rows";
import { type Budget, budgetColumns, readBudget } from "./types";

const scopeMatch = (clientId: string | null) =>
  clientId === null ? sql`client_id IS NULL` : sql`client_id = ${clientId}`;

/** The budget of a client, or the global one (null); NOT_FOUND when there is none. */
export async function getBudget(handle: DbHandle, clientId: string | null): Promise<Budget> {
  return withDomainErrors(async () => {
    const [row] = await queryRows(
      executorOf(handle),
      sql`SELECT ${budgetColumns} FROM v2_budgets WHERE ${scopeMatch(clientId)}`,
    );
    if (!row) throw notFound("budget", clientId === null ? "(global)" : `of client ${clientId}`);
    return readBudget(row);
  });
}

/** The budgets a client's runs count against: its own and the global one (either may lack). */
export async function budgetsOfClient(handle: DbHandle, clientId: string): Promise<Budget[]> {
  return withDomainErrors(async () => {
    const rows = await queryRows(
      executorOf(handle),
      sql`SELECT ${budgetColumns} FROM v2_budgets
           WHERE client_id = ${clientId} OR client_id IS NULL
           ORDER BY client_id NULLS LAST`,
    );
    return rows.map(readBudget);
  });
}

/** Every budget (the evaluator's sweep). */
export async function listBudgets(handle: DbHandle): Promise<Budget[]> {
  return withDomainErrors(async () => {
    const rows = await queryRows(
      executorOf(handle),
      sql`SELECT ${budgetColumns} FROM v2_budgets ORDER BY client_id NULLS FIRST`,
    );
    return rows.map(readBudget);
  });
}

/** Removes a client's budget or the global one; NOT_FOUND when there is none. */
export async function deleteBudget(handle: DbHandle, clientId: string | null): Promise<Budget> {
  return withDomainErrors(async () => {
    const [row] = await queryRows(
      executorOf(handle),
      sql`DELETE FROM v2_budgets WHERE ${scopeMatch(clientId)} RETURNING ${budgetColumns}`,
    );
    if (!row) throw notFound("budget", clientId === null ? "(global)" : `of client ${clientId}`);
    return readBudget(row);
  });
}
