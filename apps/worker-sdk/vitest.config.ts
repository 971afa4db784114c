import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file starts the API over a fresh database (PGlite boots in ~2 s; PostgreSQL creates one).
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
