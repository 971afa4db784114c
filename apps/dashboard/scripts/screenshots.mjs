// `pnpm screenshots`: the dashboard's pages as PNGs for docs/dashboard.md. Fills a fresh
// embedded data folder with `pnpm seed:demo`'s demo data, starts the real API on it (serving
// apps/dashboard/dist, built by the package script first), signs in with Debian's Chromium
// and writes docs/dashboard/*.png: each page at 1280 px, and the overview at phone width.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const ROOT = resolve(import.meta.dirname, "../../..");
const OUT = join(ROOT, "docs/dashboard");
const dataDir = mkdtempSync(join(tmpdir(), "columnline-screenshots-"));
const adminKey = `screenshots-${randomBytes(16).toString("hex")}`;
const { DATABASE_URL: _url, ADMIN_API_KEY: _key, DATA_DIR: _dir, ...inherited } = process.env;
const env = { ...inherited, DATA_DIR: dataDir, INIT_CWD: ROOT };

async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

const seeded = spawnSync("pnpm", ["seed:demo"], { cwd: ROOT, env, stdio: "inherit" });
if (seeded.status !== 0) throw new Error("pnpm seed:demo failed");

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const api = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
  cwd: join(ROOT, "apps/api"),
  env: {
    ...env,
    PORT: String(port),
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
  for (let tries = 0; ; tries += 1) {
    const up = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (tries > 600) throw new Error("the API did not start");
    await new Promise((done) => setTimeout(done, 100));
  }
  mkdirSync(OUT, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);

  /** Waits until the page has its data (no loading notice, the network quiet), then shoots. */
  const shoot = async (name, target = page) => {
    await target.waitForLoadState("networkidle");
    await target
      .getByRole("status")
      .filter({ hasText: "Loading" })
      .first()
      .waitFor({ state: "detached" })
      .catch(() => {});
    await target.waitForTimeout(300);
    await target.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    console.log(`wrote docs/dashboard/${name}.png`);
  };
  const open = async (path, heading) => {
    await page.goto(`${url}${path}`);
    await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  };

  await page.goto(url);
  await page.getByLabel("API key").waitFor();
  await shoot("sign-in");
  await page.getByLabel("API key").fill(adminKey);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
  await shoot("overview");

  await open("/runs", "Runs");
  await shoot("runs");
  // The most expensive run of the month: one with many steps.
  await open("/runs?sort=total_cost", "Runs");
  await page.locator("table tbody tr a").first().click();
  await page.getByRole("heading", { level: 1, name: /^Run / }).waitFor();
  await shoot("run");

  await open("/clients", "Clients");
  await shoot("clients");
  await page.locator("table tbody tr a").first().click();
  await page.waitForURL(/\/clients\/.+/);
  await shoot("client");

  await open("/models", "Models and prices");
  await shoot("models");
  await open("/keys", "API keys");
  await shoot("keys");

  // The demo data has no webhook endpoint: add one a receiver will never answer (no such host),
  // send it a test event, and wait for the first attempt, so its log shows a failure and why.
  const rest = (method, path, body) =>
    fetch(`${url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then((answer) => answer.json());
  const endpoint = await rest("POST", "/webhooks", {
    url: "https://hooks.invalid/columnline/runs",
    event_types: ["run.completed", "run.failed"],
    description: "Make.com scenario: continue the dossier when a run ends",
  });
  await rest("POST", `/webhooks/${endpoint.id}/test`, {});
  for (let tries = 0; ; tries += 1) {
    const log = await rest("GET", `/webhooks/${endpoint.id}/deliveries`);
    if (log.items?.some((delivery) => delivery.attempts > 0)) break;
    if (tries > 150) throw new Error("the test delivery was never attempted");
    await new Promise((done) => setTimeout(done, 100));
  }
  await open("/webhooks", "Webhooks");
  await shoot("webhooks");
  await open(`/webhooks/${endpoint.id}`, `Endpoint ${endpoint.id}`);
  await shoot("webhook-endpoint");

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
  });
  await phone.addCookies(await context.cookies());
  const phonePage = await phone.newPage();
  await phonePage.goto(url);
  await phonePage.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
  await phonePage.waitForLoadState("networkidle");
  await phonePage.screenshot({ path: join(OUT, "overview-phone.png"), fullPage: false });
  console.log("wrote docs/dashboard/overview-phone.png");
} finally {
  await browser.close();
  api.kill("SIGTERM");
  await new Promise((done) => api.once("exit", done));
  rmSync(dataDir, { recursive: true, force: true });
}
