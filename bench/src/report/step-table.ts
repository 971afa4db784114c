import type { StepSummary } from "../steps/step-summary";
import { fixed, markdownTable, percent, ratio } from "./markdown-table";

const range = (summary: StepSummary) => {
  if (summary.rounds.length < 2) return "";
  const values = summary.rounds.map((m) => m.throughput);
  return `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
};

/** Throughput, latency, memory and the two ratios for every measured target. */
export function stepTable(summaries: readonly StepSummary[]): string {
  const rows = summaries
    .filter((s) => !s.target.cpuProfile)
    .map((s) => [
      s.target.label,
      fixed(s.median.throughput, 0),
      range(s),
      fixed(s.median.p50Ms, 2),
      fixed(s.median.p99Ms, 2),
      fixed(s.peakRssMB, 0),
      s.target.kind === "api" ? fixed(s.stepsPerStatement, 1) : "",
      s.target.kind === "api" ? ratio(s.vsLimit) : "",
      s.target.kind === "api" ? ratio(s.vsBaseline) : "",
      String(s.failures),
    ]);
  return markdownTable(
    [
      "target",
      "req/s",
      "rounds' range",
      "p50 ms",
      "p99 ms",
      "peak RSS MB",
      "steps/stmt",
      "÷ limit",
      "÷ baseline",
      "failed",
    ],
    rows,
    [false, true, true, true, true, true, true, true, true, true],
  );
}

/** Each diagnostic against "ours: REST", paired round by round: what removing one suspect changes. */
export function diagnosticTable(summaries: readonly StepSummary[]): string {
  const rest = summaries.find((s) => s.target.id === "rest");
  if (!rest) return "";
  const rows = summaries
    .filter((s) => s.target.group === "diagnostic" && !s.target.cpuProfile)
    .map((s) => {
      const paired = s.rounds.map(
        (m, index) => m.throughput / (rest.rounds[index]?.throughput ?? Number.NaN) - 1,
      );
      const sorted = paired.filter(Number.isFinite).sort((a, b) => a - b);
      const change = sorted[Math.floor((sorted.length - 1) / 2)];
      return [
        s.target.label,
        fixed(s.median.throughput, 0),
        change === undefined ? "—" : percent(change),
        fixed(s.median.p50Ms, 2),
        fixed(s.peakRssMB, 0),
      ];
    });
  return markdownTable(
    ["variant (one change vs ours: REST)", "req/s", "Δ req/s vs REST", "p50 ms", "peak RSS MB"],
    rows,
    [false, true, true, true, true],
  );
}

export interface TargetCheck {
  goal: string;
  measured: string;
  met: boolean | null;
}

/** The step-recording targets, met or not (goals, not assertions). */
export function stepTargetChecks(summaries: readonly StepSummary[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const s of summaries.filter((entry) => entry.target.group === "ours")) {
    const name = s.target.surface === "trpc" ? "tRPC" : "REST";
    checks.push(
      {
        goal: `${name} ≥ 0.5x the pgbench limit`,
        measured: ratio(s.vsLimit),
        met: s.vsLimit === null ? null : s.vsLimit >= 0.5,
      },
      {
        goal: `${name} ≥ 0.85x the bare baseline`,
        measured: ratio(s.vsBaseline),
        met: s.vsBaseline === null ? null : s.vsBaseline >= 0.85,
      },
      {
        goal: `${name}: API RSS < 200 MB under load`,
        measured: `${fixed(s.peakRssMB, 0)} MB`,
        met: s.peakRssMB === null ? null : s.peakRssMB < 200,
      },
    );
  }
  return checks;
}
