import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // PGlite boots in ~2 s and PostgreSQL suites create a database per file.
    hookTimeout: 60_000,
    testTimeout: 60_000,
  },
});
