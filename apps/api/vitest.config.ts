import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file boots one server over a fresh database (PGlite in memory, or a new
    // PostgreSQL database); the binary test spawns the service itself.
    hookTimeout: 60_000,
    testTimeout: 30_000,
    // The suites are CPU-bound (PGlite, the server and the client share a worker): use both
    // cores of a small CI machine, where the default would be one worker.
    maxWorkers: 2,
  },
});
