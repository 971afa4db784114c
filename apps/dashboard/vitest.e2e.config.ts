import { defineConfig } from "vitest/config";

/**
 * The browser end-to-end suite (`pnpm test:serial`): Debian's Chromium driven by
 * playwright-core against the real API serving the built dashboard, on PGlite and (with
 * DATABASE_URL) on PostgreSQL. A browser takes most of a small machine, so the files run one
 * after another, after the parallel phase of `pnpm test`.
 */
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["e2e/support/global-setup.ts"],
    fileParallelism: false,
    maxWorkers: 1,
    hookTimeout: 90_000,
    testTimeout: 60_000,
  },
});
