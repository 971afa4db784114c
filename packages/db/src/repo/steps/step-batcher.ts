import { type Database, type DbHandle, isDatabase } from "../../client/types";
import { createMicroBatcher, type MicroBatcher } from "../../internal/micro-batcher";
import type { RawRow } from "../../internal/rows";
import { callRecordRunStep, callRecordRunSteps, type StepCall } from "./record-step-call";

type StepBatcher = MicroBatcher<StepCall, RawRow>;

const batchers = new WeakMap<Database, StepBatcher>();

/** The database's step batcher, made on first use; null when batching is off. */
export function stepBatcherFor(handle: DbHandle): StepBatcher | null {
  if (!isDatabase(handle) || handle.stepBatching == null) return null;
  let batcher = batchers.get(handle);
  if (!batcher) {
    const { db } = handle;
    batcher = createMicroBatcher<StepCall, RawRow>({
      ...handle.stepBatching,
      // A lone step takes the plain call: no JSON, no subtransaction.
      runBatch: async (calls) =>
        calls.length === 1 && calls[0]
          ? [{ ok: true, value: await callRecordRunStep(db, calls[0]) }]
          : callRecordRunSteps(db, calls),
    });
    batchers.set(handle, batcher);
  }
  return batcher;
}

/** Statements recordStep sent through the batcher, and the steps they carried. */
export function stepBatchCounters(database: Database): { statements: number; steps: number } {
  const { batches, items } = batchers.get(database)?.counters() ?? { batches: 0, items: 0 };
  return { statements: batches, steps: items };
}
