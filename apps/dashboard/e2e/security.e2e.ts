import { createServer, type Server } from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, sessionCookie, signIn } from "./support/browser";
import { e2eEngines } from "./support/engines";
import { completeRun, createClient, createRun, getRun, recordStep } from "./support/ledger";
import { type DashboardServer, startDashboardServer } from "./support/server";

/** Markup an attacker could put in a run's data: must reach the screen as text. */
const SCRIPT = "<script>window.__xss = 'script'; alert('script')</script>";
const IMG = `<img src=x onerror="window.__xss = 'img'; alert('img')">`;

let browser: Browser;
let foreign: Server;
let foreignUrl: string;
beforeAll(async () => {
  browser = await launchBrowser();
  // Another origin (another port): the page an attacker would lure a signed-in operator to.
  foreign = createServer((_request, response) => {
    response.setHeader("content-type", "text/html");
    response.end("<!doctype html><title>elsewhere</title><p>another site</p>");
  });
  await new Promise<void>((done) => foreign.listen(0, "127.0.0.1", done));
  const address = foreign.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  foreignUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((done) => foreign?.close(done));
});

describe.each(e2eEngines())("the dashboard's security in a browser (%s)", (engine) => {
  let server: DashboardServer;
  let clientId: string;
  beforeAll(async () => {
    server = await startDashboardServer(engine);
    clientId = await createClient(server, "Security Co");
  });
  afterAll(async () => {
    await server?.close();
  });

  it("keeps the key out of storage, script-readable cookies and every URL the browser requested", async () => {
    const run = await createRun(server, clientId);
    const { context, page } = await newPage(browser);
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    await signIn(page, server.url, server.adminKey);
    for (const path of ["/runs", `/runs/${run.run_id}`, "/clients", "/models", "/keys"]) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
    }
    const seen = await page.evaluate(() => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      cookie: document.cookie,
    }));
    expect(seen.local).not.toContain(server.adminKey);
    expect(seen.session).not.toContain(server.adminKey);
    expect(seen.cookie).not.toContain(server.adminKey);
    // The session cookie is HttpOnly: no script on the page can read it.
    expect(seen.cookie).not.toContain("columnline_session");
    expect(await sessionCookie(context)).not.toContain(server.adminKey);
    expect(requested.length).toBeGreaterThan(10);
    for (const url of requested) {
      expect(url).not.toContain(server.adminKey);
      expect(url).not.toContain(encodeURIComponent(server.adminKey));
    }
    await context.close();
  });

  it("serves the page with a strict Content-Security-Policy under which no inline script runs", async () => {
    const { context, page } = await newPage(browser);
    const response = await page.goto(server.url);
    const policy = response?.headers()["content-security-policy"] ?? "";
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).not.toContain("unsafe-eval");
    await page.getByLabel("API key").waitFor();
    const outcome = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener("securitypolicyviolation", (event) =>
        violations.push(event.violatedDirective),
      );
      const script = document.createElement("script");
      script.textContent = "window.__inline = true;";
      document.body.append(script);
      await new Promise((done) => setTimeout(done, 100));
      return { ran: (window as unknown as { __inline?: boolean }).__inline === true, violations };
    });
    expect(outcome.ran).toBe(false);
    expect(outcome.violations.some((directive) => directive.startsWith("script-src"))).toBe(true);
    await context.close();
  });

  it("refuses a cross-origin write carrying the session cookie", async () => {
    const run = await createRun(server, clientId);
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, server.adminKey);
    const cookie = await sessionCookie(context);

    // From another origin's page, with the browser's cookie: the write must not happen.
    await page.goto(foreignUrl);
    await page.evaluate(
      async ([api, runId]) => {
        const body = JSON.stringify({ run_id: runId, error_message: "forged" });
        for (const init of [
          { headers: { "content-type": "application/json" } },
          { mode: "no-cors" as const, headers: { "content-type": "text/plain" } },
        ]) {
          await fetch(`${api}/trpc/runs.fail`, {
            method: "POST",
            credentials: "include",
            body,
            ...init,
          }).catch(() => null);
        }
      },
      [server.url, run.run_id] as const,
    );
    expect((await getRun(server, run.run_id)).status).toBe("running");

    // The same request as a non-browser sends it, with a foreign Origin: 403 before any work.
    const forged = await fetch(`${server.url}/trpc/runs.fail`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie: `columnline_session=${cookie}`,
        origin: foreignUrl,
      },
      body: JSON.stringify({ run_id: run.run_id, error_message: "forged" }),
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain("Cross-origin write refused");
    expect((await getRun(server, run.run_id)).status).toBe("running");

    // The dashboard's own origin may write with that cookie (the refusal is the Origin's).
    const own = await fetch(`${server.url}/trpc/runs.fail`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie: `columnline_session=${cookie}`,
        origin: server.url,
      },
      body: JSON.stringify({ run_id: run.run_id, error_message: "failed by the operator" }),
    });
    expect(own.status).toBe(200);
    await context.close();
  });

  it("renders markup in a run's seed_data and step names as inert text", async () => {
    const run = await createRun(server, clientId, {
      seed_data: { note: SCRIPT, avatar: IMG },
    });
    await recordStep(server, run.run_id, {
      step_id: "research",
      step_name: IMG,
      model: "gpt-4o",
      usage: { input_tokens: 100, output_tokens: 50 },
    });
    await completeRun(server, run.run_id);
    const { context, page } = await newPage(browser);
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signIn(page, server.url, server.adminKey, `/runs/${run.run_id}`);
    const seed = page.getByRole("region", { name: "Seed data" });
    await seed.locator("pre").waitFor();
    const text = await seed.locator("pre").textContent();
    // JSON.stringify escapes the quotes of the img tag; the markup itself stays as text.
    expect(text).toContain(JSON.stringify(SCRIPT).slice(1, -1));
    expect(text).toContain(JSON.stringify(IMG).slice(1, -1));
    const steps = page.getByRole("table", { name: "Steps, in the order they were recorded" });
    await steps.getByText(IMG).waitFor();
    await page.waitForTimeout(300);
    const injected = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: string }).__xss ?? null,
      scripts: document.querySelectorAll("main script").length,
      images: document.querySelectorAll("main img").length,
    }));
    expect(injected).toEqual({ xss: null, scripts: 0, images: 0 });
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
