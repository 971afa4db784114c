/** What the load driver process is told to do (passed as JSON in argv[2]). */
export interface LoadSpec {
  url: string;
  surface: StepSurface;
  connections: number;
  durationSec: number;
  warmupSec: number;
  runIds: string[];
  /** Bearer key; the bare baseline ignores it. */
  apiKey: string;
  /** Makes step_ids unique across targets that share the runs. */
  stepPrefix: string;
}

export type StepSurface = "rest" | "trpc" | "baseline";

/** What the driver prints as its last stdout line. */
export interface LoadResult {
  /** 2xx responses per second over the measured window. */
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSec: number;
  /** Responses per HTTP status, to tell failures apart. */
  statusCounts: Record<string, number>;
}
