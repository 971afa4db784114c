/**
 * `pnpm dev`'s API (run by `tsx watch`, restarted on every change): the service of main.ts with
 * the Vite dev server's origins added to DASHBOARD_ORIGINS, so the dashboard served by Vite
 * with hot reload may sign in and write through its proxy.
 */
import { resolve } from "node:path";
import { loadEnvFile } from "../startup/env-file";
import { devDashboardOrigins } from "./dev-origins";

// turbo starts this in apps/api (pnpm sets INIT_CWD there): read .env and keep DATA_DIR's
// relative paths at the repository root, where `pnpm dev` and `pnpm start` are typed.
process.env.INIT_CWD = resolve(import.meta.dirname, "../../../..");
try {
  // .env first, as main.ts reads it: its DASHBOARD_ORIGINS and DASHBOARD_DEV_PORT count too.
  loadEnvFile(process.env);
  process.env.DASHBOARD_ORIGINS = devDashboardOrigins(process.env);
} catch (error) {
  // An unreadable .env is reported by main.ts with the service's usual one-line failure.
  if (!(error instanceof Error) || !error.message.startsWith("cannot read")) {
    process.stderr.write(`columnline: ${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  }
}
await import("../main");
