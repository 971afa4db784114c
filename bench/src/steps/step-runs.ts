import { formatRunId } from "@columnline/domain";

export const BENCH_CLIENT_ID = "CLT_BENCH_001";

/** Step-load runs start one second apart from this instant, so pgbench can rebuild their IDs. */
export const STEP_RUNS_EPOCH = "2026-01-15 00:00:00";
const EPOCH_MS = Date.parse(`${STEP_RUNS_EPOCH.replace(" ", "T")}Z`);

/** RUN_20260115_000000, RUN_20260115_000001, ... */
export function stepRunIds(count: number): string[] {
  return Array.from({ length: count }, (_, index) =>
    formatRunId(new Date(EPOCH_MS + index * 1000)),
  );
}
