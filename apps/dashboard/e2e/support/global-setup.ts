import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "vite";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The dashboard built for this run: what the API serves at / in every e2e file. */
    dashboardDir: string;
  }
}

const DASHBOARD_ROOT = resolve(import.meta.dirname, "../..");

/** Builds the dashboard once (about a second) into a folder of its own, not apps/dashboard/dist. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outDir = await mkdtemp(join(tmpdir(), "columnline-e2e-dashboard-"));
  await build({
    root: DASHBOARD_ROOT,
    configFile: join(DASHBOARD_ROOT, "vite.config.ts"),
    logLevel: "error",
    build: { outDir, emptyOutDir: true },
  });
  project.provide("dashboardDir", outDir);
  return () => rm(outDir, { recursive: true, force: true });
}
