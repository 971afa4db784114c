export interface Timing {
  medianMs: number;
  minMs: number;
  runs: number;
}

/** Runs `task` `warmup` times unmeasured, then `runs` times; median and fastest wall time. */
export async function timeIt(
  task: () => Promise<unknown>,
  { warmup = 2, runs = 10 }: { warmup?: number; runs?: number } = {},
): Promise<Timing> {
  for (let index = 0; index < warmup; index++) await task();
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  const medianMs =
    times.length % 2 ? (times[middle] ?? 0) : ((times[middle - 1] ?? 0) + (times[middle] ?? 0)) / 2;
  return { medianMs, minMs: times[0] ?? 0, runs: times.length };
}
