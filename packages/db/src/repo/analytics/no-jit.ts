import { sql } from "drizzle-orm";
import { type DbExecutor, type DbHandle, executorOf } from "../../client/types";

/**
 * Runs `read` in a transaction with JIT and parallel query off: the edge joins' row estimates are far above
 * what they read (an hour of the ledger per edge), and at 5M steps PostgreSQL would spend
 * ~0.5 s compiling a plan that runs in milliseconds.
 */
export function withoutJit<T>(handle: DbHandle, read: (executor: DbExecutor) => Promise<T>) {
  return executorOf(handle).transaction(async (tx) => {
    // No parallel workers either: the unfolded tail's estimate (id > a value read at run
    // time) is a third of the ledger, but it holds seconds of steps, and starting workers
    // costs more than reading it.
    await tx.execute(
      sql`SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`,
    );
    return read(tx);
  });
}
