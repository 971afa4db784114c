import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, signIn } from "./support/browser";
import { e2eEngines } from "./support/engines";
import { type DashboardServer, startDashboardServer } from "./support/server";

/** Short enough to wait out in a test; the sign-in and the first page fit well inside it. */
const SESSION_TTL_MS = 3_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(e2eEngines())("keys and session expiry in a browser (%s)", (engine) => {
  let server: DashboardServer;
  /** The same API with sessions of SESSION_TTL_MS (the other keeps the default 12 h). */
  let shortSessions: DashboardServer;
  beforeAll(async () => {
    [server, shortSessions] = await Promise.all([
      startDashboardServer(engine),
      startDashboardServer(engine, { sessionTtlMs: SESSION_TTL_MS }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([server?.close(), shortSessions?.close()]);
  });

  it("an admin creates a key, shown once and working, then revokes it", async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, server.adminKey, "/keys");
    const form = page.getByRole("region", { name: "Create a key" });
    await form.getByLabel("Name").fill("e2e reader");
    await form.getByLabel("runs:read").check();
    await form.getByRole("button", { name: "Create key" }).click();
    const secret = (await page.getByLabel("New API key").textContent()) ?? "";
    expect(secret.length).toBeGreaterThan(20);
    expect((await server.rest("GET", "/runs", undefined, secret)).status).toBe(200);

    const keys = page.getByRole("table", { name: /API keys/ });
    const row = keys.locator("tbody tr").filter({ hasText: "e2e reader" });
    await row.filter({ hasText: "runs:read" }).waitFor();
    // Once dismissed, the key is nowhere on the page (nor after a reload).
    await page.getByRole("button", { name: "I have copied it" }).click();
    await expect.poll(() => page.content()).not.toContain(secret);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);

    page.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: "Revoke e2e reader" }).click();
    await row.filter({ hasText: "revoked" }).waitFor();
    expect((await server.rest("GET", "/runs", undefined, secret)).status).toBe(401);
    await context.close();
  });

  it("sends the browser back to sign-in when the session expires", async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, shortSessions.url, shortSessions.adminKey, "/runs");
    // The session was made during signIn: past its lifetime from now, it has surely ended.
    const signedInBy = Date.now();
    await page.getByRole("heading", { name: "Runs", level: 1 }).waitFor();
    await page.waitForTimeout(Math.max(0, signedInBy + SESSION_TTL_MS + 250 - Date.now()));
    // The next call the page makes is refused: the app shows the sign-in form, no reload.
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Clients" })
      .click();
    await page.getByLabel("API key").waitFor();
    await expect(page.getByRole("navigation", { name: "Main" }).count()).resolves.toBe(0);
    // Signing in again works.
    await page.getByLabel("API key").fill(shortSessions.adminKey);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    await context.close();
  });
});
