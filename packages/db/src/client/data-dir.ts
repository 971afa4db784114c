import { resolve } from "node:path";
import { DEFAULT_PGLITE_DATA_DIR } from "./create-db";

/**
 * The embedded database's folder from the environment, the same for every command: DATA_DIR
 * (PGLITE_DATA_DIR, the name `pnpm db:migrate` used to read, still works), by default
 * .data/pglite. Relative paths start where pnpm was run (INIT_CWD), not in the package
 * whose script runs, so `pnpm start` and `pnpm db:migrate` find the same folder, and its lock.
 */
export function dataDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.DATA_DIR || env.PGLITE_DATA_DIR || DEFAULT_PGLITE_DATA_DIR;
  return resolve(env.INIT_CWD || process.cwd(), configured);
}
