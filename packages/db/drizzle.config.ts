import { defineConfig } from "drizzle-kit";

// Generates migrations only; they are applied by `pnpm db:migrate` (never `drizzle-kit push`).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "./migrations",
});
