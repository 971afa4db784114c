import type { ProfileSummary } from "../profile/cpu-profile";
import type { StepMeasurement } from "./measure-step-target";
import type { StepTarget } from "./step-targets";

/** One target over every round it ran in. */
export interface StepSummary {
  target: StepTarget;
  rounds: StepMeasurement[];
  /** The round with the median throughput; its latencies are the ones reported. */
  median: StepMeasurement;
  /** Highest VmHWM over the rounds. */
  peakRssMB: number | null;
  /** Median over rounds of the API's steps per step statement (its batching). */
  stepsPerStatement: number | null;
  failures: number;
  /** Median over rounds of throughput ÷ the same round's pgbench (or baseline) throughput. */
  vsLimit: number | null;
  vsBaseline: number | null;
  profile?: ProfileSummary;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? null)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function medianRound(rounds: StepMeasurement[]): StepMeasurement {
  const sorted = [...rounds].sort((a, b) => a.throughput - b.throughput);
  const chosen = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!chosen) throw new Error("a target with no measurement");
  return chosen;
}

/**
 * Ratios pair each round with the reference measured in the same round (the
 * machine's load drifts between rounds); a target measured once is compared
 * with the reference's median.
 */
function ratioTo(rounds: StepMeasurement[], reference: StepMeasurement[]): number | null {
  if (reference.length === 0) return null;
  if (rounds.length === reference.length) {
    return median(
      rounds.map((m, index) => m.throughput / (reference[index]?.throughput ?? Number.NaN)),
    );
  }
  return medianRound(rounds).throughput / medianRound(reference).throughput;
}

export function summarizeTarget(
  target: StepTarget,
  rounds: StepMeasurement[],
  limit: StepMeasurement[],
  baseline: StepMeasurement[],
): StepSummary {
  const peaks = rounds.flatMap((m) => (m.peakRssMB === null ? [] : [m.peakRssMB]));
  const profiled = rounds.find((m) => m.profile)?.profile;
  return {
    target,
    rounds,
    median: medianRound(rounds),
    peakRssMB: peaks.length ? Math.max(...peaks) : null,
    stepsPerStatement: median(
      rounds.flatMap((m) => (m.stepsPerStatement === null ? [] : [m.stepsPerStatement])),
    ),
    failures: rounds.reduce((sum, m) => sum + m.failures, 0),
    vsLimit: target.kind === "api" ? ratioTo(rounds, limit) : null,
    vsBaseline: target.kind === "api" ? ratioTo(rounds, baseline) : null,
    ...(profiled ? { profile: profiled } : {}),
  };
}
