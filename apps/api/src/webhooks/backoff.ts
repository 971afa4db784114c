/**
 * When a failed delivery is tried again: after each failed attempt n (1-based), wait
 * schedule[n-1] ± jitter. The default is exponential (×4 from 30 s) capped at 10 h: 30 s,
 * 2 min, 8 min, 32 min, 2 h 8 min, 8 h 32 min, 10 h, 10 h — 9 attempts over 31 h 22 min
 * (at least 25 h with the ±20 % jitter), then the delivery is failed.
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  30_000, 120_000, 480_000, 1_920_000, 7_680_000, 30_720_000, 36_000_000, 36_000_000,
];
export const DEFAULT_RETRY_JITTER = 0.2;

export interface RetryPolicy {
  scheduleMs: readonly number[];
  /** Each wait is scaled by a random factor in [1 - jitter, 1 + jitter]. */
  jitter: number;
  random?: () => number;
}

/** The wait before the next attempt after `attemptsMade` attempts, or null: give up. */
export function retryDelayMs(attemptsMade: number, policy: RetryPolicy): number | null {
  const base = policy.scheduleMs[attemptsMade - 1];
  if (base === undefined) return null;
  const random = policy.random ?? Math.random;
  const factor = 1 + policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(base * factor));
}
