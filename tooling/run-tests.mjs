// The README's test command: typecheck, lint and every package's tests (in parallel,
// through turbo), then the suites that must run alone because they stop and restart
// shared services (each package's `test:serial` script), one package at a time.
import { spawnSync } from "node:child_process";

const run = (args) => spawnSync("pnpm", args, { stdio: "inherit" }).status ?? 1;

const parallel = run([
  "exec",
  "turbo",
  "run",
  "typecheck",
  "lint",
  "test",
  "--continue",
  "--concurrency=2",
]);
const serial = run(["exec", "turbo", "run", "test:serial", "--continue", "--concurrency=1"]);
process.exit(parallel !== 0 ? parallel : serial);
