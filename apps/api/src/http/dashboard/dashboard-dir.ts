import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * This checkout's apps/dashboard/dist. The bundle keeps each module's own import.meta.url
 * (build/bundle.ts), so `node apps/api/dist/main.mjs` finds the same folder as `pnpm dev`.
 */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(
  new URL("../../../../dashboard/dist", import.meta.url),
);

/** DASHBOARD_DIR, relative to where pnpm was run (INIT_CWD) as DATA_DIR is; else the default. */
export function dashboardDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.DASHBOARD_DIR;
  if (!configured) return DEFAULT_DASHBOARD_DIR;
  return resolve(env.INIT_CWD || process.cwd(), configured);
}
