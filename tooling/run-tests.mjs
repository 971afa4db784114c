// The README's test command: typecheck, lint and every package's tests (in parallel,
// through turbo), then the suites that must run alone because they stop and restart
// shared services (each package's `test:serial` script), one package at a time; then
// one line counting every test of both (tooling/count-results.mjs).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const run = (command, args) => spawnSync(command, args, { stdio: "inherit" }).status ?? 1;

// Reports of an earlier run must not be counted as this run's.
for (const group of ["apps", "packages"]) {
  if (!existsSync(group)) continue;
  for (const name of readdirSync(group))
    rmSync(join(group, name, ".vitest"), { recursive: true, force: true });
}
rmSync(join("bench", ".vitest"), { recursive: true, force: true });

const withoutPostgres = !process.env.DATABASE_URL;
const skippedNotice =
  "DATABASE_URL is not set: the database and API suites ran on the embedded PGlite only, and their PostgreSQL runs (and the tests that need a server) were skipped. To run them: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm test";
if (withoutPostgres) console.log(`\n${skippedNotice}\n`);

const parallel = run("pnpm", [
  "exec",
  "turbo",
  "run",
  "typecheck",
  "lint",
  "test",
  "--continue",
  "--concurrency=2",
]);
const serial = run("pnpm", [
  "exec",
  "turbo",
  "run",
  "test:serial",
  "--continue",
  "--concurrency=1",
]);

if (withoutPostgres) console.log(`\n${skippedNotice}`);
// A typecheck or lint failure has no test to list; say which turbo run failed.
if (parallel !== 0)
  console.log("\nThe typecheck/lint/test turbo run failed (turbo's summary above names the task).");
if (serial !== 0)
  console.log("\nThe test:serial turbo run failed (turbo's summary above names the task).");
const counted = run(process.execPath, ["tooling/count-results.mjs"]);
process.exit(parallel !== 0 ? parallel : serial !== 0 ? serial : counted);
