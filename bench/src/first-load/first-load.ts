/**
 * `pnpm bench:first-load`: the dashboard's first load from a cold browser cache on localhost.
 * Builds the dashboard, fills a fresh embedded data folder with `pnpm seed:demo`, starts the
 * real API on it (as `pnpm start` does: bundled, plain node, serving apps/dashboard/dist),
 * then opens the signed-in overview in Debian's Chromium (playwright-core), each time in a new
 * browser context. Prints the figures and writes them into bench/results/latest.md.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { firstLoadSection, spliceSection } from "./first-load-report";
import { type LoadTimes, measureLoad } from "./measure-load";

const ROOT = resolve(import.meta.dirname, "../../..");
const LOADS = Number(process.env.BENCH_LOADS ?? 7);
const PORT = Number(process.env.BENCH_PORT ?? 3977);
const url = `http://127.0.0.1:${PORT}`;
const say = (message: string) => process.stderr.write(`[first-load] ${message}\n`);

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): void {
  const done = spawnSync(command, args, { cwd, env, stdio: ["ignore", "ignore", "inherit"] });
  if (done.status !== 0) throw new Error(`${command} ${args.join(" ")} failed`);
}

const dataDir = mkdtempSync(join(tmpdir(), "columnline-first-load-"));
const adminKey = `first-load-${randomBytes(16).toString("hex")}`;
const { DATABASE_URL: _url, ADMIN_API_KEY: _key, DATA_DIR: _dir, ...inherited } = process.env;
const env = { ...inherited, DATA_DIR: dataDir, INIT_CWD: ROOT };

say("building the dashboard and the service");
run("pnpm", ["--dir", "apps/dashboard", "run", "build"], env);
run("pnpm", ["--dir", "apps/api", "run", "build"], env);
say("seeding demo data");
run("pnpm", ["seed:demo"], env);

const api = spawn(process.execPath, ["dist/main.mjs"], {
  cwd: join(ROOT, "apps/api"),
  env: {
    ...env,
    PORT: String(PORT),
    HOST: "127.0.0.1",
    ADMIN_API_KEY: adminKey,
    DASHBOARD_DIR: join(ROOT, "apps/dashboard/dist"),
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
  },
  stdio: ["ignore", "inherit", "inherit"],
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
try {
  for (
    let tries = 0;
    !(await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    ));
    tries++
  ) {
    if (tries > 600) throw new Error("the API did not start");
    await new Promise((done) => setTimeout(done, 100));
  }
  // One load first, not counted: the server's own first queries (JIT, caches) are not the
  // browser's cold cache.
  await measureLoad(browser, url, adminKey);
  const loads: LoadTimes[] = [];
  for (let index = 0; index < LOADS; index++) {
    const load = await measureLoad(browser, url, adminKey);
    say(
      `load ${index + 1}: DOMContentLoaded ${load.domContentLoadedMs.toFixed(0)} ms, overview drawn ${load.meaningfulMs.toFixed(0)} ms, all requests ${load.allRequestsMs.toFixed(0)} ms`,
    );
    loads.push(load);
  }
  const section = firstLoadSection(loads, new Date(), loadavg());
  process.stdout.write(`${section}\n`);
  const resultsFile = join(ROOT, "bench/results/latest.md");
  await writeFile(resultsFile, spliceSection(await readFile(resultsFile, "utf8"), section));
  say("wrote bench/results/latest.md");
} finally {
  await browser.close();
  api.kill("SIGTERM");
  await new Promise((done) => api.once("exit", done));
  rmSync(dataDir, { recursive: true, force: true });
}
