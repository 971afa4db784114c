import {
  IDLE_MS,
  MEMORY_CONCURRENCY,
  MEMORY_STEPS,
  type MemoryMeasurement,
  SETTLE_MS,
} from "../memory/measure-memory";
import { fixed, markdownTable } from "./markdown-table";
import type { TargetCheck } from "./step-table";

export function memorySection(measurements: readonly MemoryMeasurement[]): string {
  const intro =
    "The API bundle on plain node, as `pnpm start` runs it, started on each engine: PGlite on a " +
    "new folder (its first start), then again on that folder, then PostgreSQL (the API process " +
    "only: the server's own processes are not counted). RSS from /proc/<pid>/status in MB " +
    `(10^6 bytes): the start's peak is VmHWM when /healthz first answers; idle is VmRSS ${IDLE_MS / 1000} s ` +
    `later; then ${MEMORY_STEPS.toLocaleString("en-US")} new steps through REST, ${MEMORY_CONCURRENCY} at a time ` +
    `(a client and a run created first), and VmRSS ${SETTLE_MS / 1000} s after the last; peak is VmHWM at the end.`;
  const table = markdownTable(
    [
      "engine",
      "start s",
      "start peak MB",
      "idle MB",
      `after ${MEMORY_STEPS.toLocaleString("en-US")} steps MB`,
      "peak MB",
      "steps/s",
    ],
    measurements.map((m) => [
      m.scenario.label,
      fixed(m.startMs / 1000, 1),
      fixed(m.startPeakMB, 0),
      fixed(m.idleMB, 0),
      fixed(m.afterStepsMB, 0),
      fixed(m.peakMB, 0),
      fixed(m.stepsPerSec, 0),
    ]),
    [false, true, true, true, true, true, true],
  );
  return `${intro}\n\n${table}`;
}

const maxOf = (values: (number | null)[]) => {
  const known = values.filter((value): value is number => value !== null);
  return known.length === values.length ? Math.max(...known) : null;
};

export function memoryTargetChecks(measurements: readonly MemoryMeasurement[]): TargetCheck[] {
  const embedded = measurements.filter((m) => m.scenario.engine === "pglite");
  if (embedded.length === 0) return [];
  const peak = maxOf(embedded.map((m) => m.peakMB));
  const steady = maxOf(embedded.flatMap((m) => [m.idleMB, m.afterStepsMB]));
  return [
    {
      goal: "embedded: peak RSS ≤ 400 MB, first start included",
      measured: `${fixed(peak, 0)} MB`,
      met: peak === null ? null : peak <= 400,
    },
    {
      goal: `embedded: steady RSS ≤ 250 MB (idle, and after ${MEMORY_STEPS.toLocaleString("en-US")} steps)`,
      measured: `${fixed(steady, 0)} MB`,
      met: steady === null ? null : steady <= 250,
    },
  ];
}
