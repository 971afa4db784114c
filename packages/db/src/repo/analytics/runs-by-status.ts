import type { RunStatus } from "@columnline/domain";
import type { SQL } from "drizzle-orm";
import type { DbHandle } from "../../client/types";
import { withDomainErrors } from "../../errors";
import { withoutJit } from "./no-jit";
import { localDayRanges } from "./range-spans";
import { runRangeSums, runRangeSumsQuery } from "./run-range-sums";
import { parseRange, parseTimeZone } from "./time-zone";

export type StatusCounts = Record<RunStatus, number>;

export interface RunsByStatus {
  /** Local days of started_at with at least one run, in order. */
  days: ({ day: string } & StatusCounts)[];
  totals: StatusCounts;
  /** failed / (completed + failed), null when neither; rounded to 4 places. */
  failureRate: number | null;
}

export interface RunsByStatusFilter {
  from: Date;
  to: Date;
  timeZone?: string;
  clientId?: string;
}

const zeroCounts = (): StatusCounts => ({ pending: 0, running: 0, completed: 0, failed: 0 });

function ranges(filter: RunsByStatusFilter): SQL {
  parseRange(filter.from, filter.to);
  return localDayRanges(filter.from, filter.to, parseTimeZone(filter.timeZone));
}

/** The SQL runsByStatus runs; exported so the benchmark times this very query. */
export const runsByStatusQuery = (filter: RunsByStatusFilter): SQL =>
  runRangeSumsQuery(
    ranges(filter),
    filter.clientId === undefined ? {} : { clientId: filter.clientId },
  );

/** Runs by local day of start and their current status, with the failure rate. */
export async function runsByStatus(
  handle: DbHandle,
  filter: RunsByStatusFilter,
): Promise<RunsByStatus> {
  const dayRanges = ranges(filter);
  return withDomainErrors(async () => {
    const sums = await withoutJit(handle, (executor) =>
      runRangeSums(
        executor,
        dayRanges,
        filter.clientId === undefined ? {} : { clientId: filter.clientId },
      ),
    );
    const days = new Map<string, StatusCounts>();
    const totals = zeroCounts();
    for (const sum of sums) {
      const counts = days.get(sum.label) ?? zeroCounts();
      counts[sum.status] += sum.runs;
      totals[sum.status] += sum.runs;
      days.set(sum.label, counts);
    }
    const finished = totals.completed + totals.failed;
    return {
      days: [...days].map(([day, counts]) => ({ day, ...counts })),
      totals,
      failureRate: finished === 0 ? null : Math.round((totals.failed / finished) * 10_000) / 10_000,
    };
  });
}
