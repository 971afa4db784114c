/** What a step's callback answered, and when it ran. */
export interface TimedStep<T> {
  value: T;
  startedAt: Date;
  /** Measured on the monotonic clock, so a wall-clock jump cannot make it negative. */
  durationMs: number;
}

/** Runs `body`, timing it: the start from the wall clock, the duration in whole milliseconds. */
export async function timeStep<T>(body: () => Promise<T>): Promise<TimedStep<T>> {
  const startedAt = new Date();
  const start = performance.now();
  const value = await body();
  return { value, startedAt, durationMs: Math.round(performance.now() - start) };
}
