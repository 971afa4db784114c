import { defineConfig } from "vitest/config";

/**
 * The reliability suite (`pnpm test:serial`): load, database faults, crashes, fuzzing, auth,
 * overflow and search_path hijacking against the real service. It stops and restarts
 * PostgreSQL, so it runs alone (the root `pnpm test` runs every test:serial one at a time),
 * and its files run one after another.
 */
export default defineConfig({
  test: {
    include: ["test/reliability/**/*.spec.ts"],
    globalSetup: ["test/reliability/support/global-setup.ts"],
    fileParallelism: false,
    maxWorkers: 1,
    hookTimeout: 120_000,
    testTimeout: 240_000,
  },
});
