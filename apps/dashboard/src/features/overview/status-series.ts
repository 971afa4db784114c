import { runStatuses } from "@columnline/domain/status";
import type { SeriesRow } from "../../components/charts/shape-stacks";
import type { RunsByStatus } from "./api/use-runs-by-status";

/** runsByStatus days as chart rows, one per day and status with runs. */
export function statusSeriesRows(data: RunsByStatus): SeriesRow[] {
  return data.days.flatMap((day) =>
    runStatuses
      .filter((status) => day[status] > 0)
      .map((status) => ({ day: day.day, group: status, value: String(day[status]) })),
  );
}

/** Okabe–Ito colours per status, fixed so "failed" is always vermillion. */
export const statusColours: Record<string, string> = {
  completed: "#009E73",
  failed: "#D55E00",
  running: "#0072B2",
  pending: "#999999",
};
