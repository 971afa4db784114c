import type { StepSurface } from "../load/load-spec";

export type TargetGroup = "limit" | "baseline" | "ours" | "diagnostic" | "embedded";

/** One thing that records steps under load: pgbench, the bare baseline, or the API in some setup. */
export interface StepTarget {
  id: string;
  label: string;
  group: TargetGroup;
  kind: "pgbench" | "baseline" | "api";
  surface: StepSurface;
  /** The API's runner: a bundle on plain node (what `pnpm start` builds), or tsx (`pnpm dev`). */
  runner: "bundle" | "tsx";
  engine: "postgres" | "pglite";
  /** "stored": a runs:write key from v2_api_keys (looked up per request); "admin": ADMIN_API_KEY. */
  key: "stored" | "admin";
  env: Record<string, string>;
  cpuProfile: boolean;
  /** pgbench only: steps per call (more than 1: record_run_steps, as the API's groups). */
  stepsPerCall: number;
}

const api = (target: Partial<StepTarget> & Pick<StepTarget, "id" | "label" | "group">) =>
  ({
    kind: "api",
    surface: "rest",
    runner: "bundle",
    engine: "postgres",
    key: "stored",
    env: {},
    cpuProfile: false,
    stepsPerCall: 1,
    ...target,
  }) satisfies StepTarget;

export const LIMIT: StepTarget = api({
  id: "pgbench",
  label: "limit: pgbench → record_run_step",
  group: "limit",
  kind: "pgbench",
});
/** What PostgreSQL does when steps come grouped, as the API sends them under load. */
export const LIMIT_GROUPED: StepTarget = api({
  id: "pgbench-grouped",
  label: "pgbench → record_run_steps, 8 steps per call",
  group: "limit",
  kind: "pgbench",
  stepsPerCall: 8,
});
export const BASELINE: StepTarget = api({
  id: "baseline",
  label: "baseline: node:http + postgres.js",
  group: "baseline",
  kind: "baseline",
  surface: "baseline",
});
export const OURS: StepTarget[] = [
  api({ id: "rest", label: "ours: REST POST /api/v1/runs/{id}/steps", group: "ours" }),
  api({ id: "trpc", label: "ours: tRPC POST /trpc/steps.record", group: "ours", surface: "trpc" }),
];
/** One change each against "ours: REST", to price the suspects without touching the code. */
export const DIAGNOSTICS: StepTarget[] = [
  api({
    id: "rest-tsx",
    label: "REST, run with tsx (pnpm dev)",
    group: "diagnostic",
    runner: "tsx",
  }),
  api({
    id: "rest-admin",
    label: "REST, ADMIN_API_KEY (no key query)",
    group: "diagnostic",
    key: "admin",
  }),
  api({
    id: "rest-unbatched",
    label: "REST, STEP_BATCH_IN_FLIGHT=0 (no batching)",
    group: "diagnostic",
    env: { STEP_BATCH_IN_FLIGHT: "0" },
  }),
  api({
    id: "rest-in-flight-4",
    label: "REST, STEP_BATCH_IN_FLIGHT=4",
    group: "diagnostic",
    env: { STEP_BATCH_IN_FLIGHT: "4" },
  }),
];
export const PROFILED: StepTarget = api({
  id: "rest-profile",
  label: "REST under node --cpu-prof (tsx)",
  group: "diagnostic",
  runner: "tsx",
  cpuProfile: true,
});
export const EMBEDDED: StepTarget = api({
  id: "pglite-rest",
  label: "embedded: REST on PGlite",
  group: "embedded",
  engine: "pglite",
});
