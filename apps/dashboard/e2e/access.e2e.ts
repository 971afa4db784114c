import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, sessionCookie, signIn } from "./support/browser";
import { e2eEngines } from "./support/engines";
import { createClient, createRun, getRun } from "./support/ledger";
import { type DashboardServer, startDashboardServer } from "./support/server";

/** A tRPC mutation sent by the page itself: same origin, the session cookie, no key. */
const mutateFromPage = (page: Page, path: string, input: unknown) =>
  page.evaluate(
    async ([procedure, body]) => {
      const response = await fetch(`/trpc/${procedure}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return response.status;
    },
    [path, input] as const,
  );

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(e2eEngines())("what a session may do, and signing out (%s)", (engine) => {
  let server: DashboardServer;
  let clientId: string;
  beforeAll(async () => {
    server = await startDashboardServer(engine);
    clientId = await createClient(server, "Scopes Co");
  });
  afterAll(async () => {
    await server?.close();
  });

  it("a read-only key sees no Keys page and cannot fail a run", async () => {
    const readKey = await server.newKey("dashboard reader", ["runs:read"]);
    const run = await createRun(server, clientId);
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, readKey);
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Runs" }).waitFor();
    await expect(nav.getByRole("link", { name: "Keys" }).count()).resolves.toBe(0);

    await page.goto(`${server.url}/keys`);
    await page.getByRole("heading", { name: "Not allowed" }).waitFor();
    await expect(page.getByRole("table").count()).resolves.toBe(0);
    // The server refuses the keys list to this session whatever the page shows.
    const keysList = await page.evaluate(async () => (await fetch("/trpc/keys.list")).status);
    expect(keysList).toBe(403);

    await page.goto(`${server.url}/runs/${run.run_id}`);
    await page.getByRole("heading", { name: `Run ${run.run_id}` }).waitFor();
    await page.getByText("running", { exact: true }).first().waitFor();
    await expect(page.getByRole("button", { name: "Fail this run" }).count()).resolves.toBe(0);
    expect(
      await mutateFromPage(page, "runs.fail", { run_id: run.run_id, error_message: "no" }),
    ).toBe(403);
    expect((await getRun(server, run.run_id)).status).toBe("running");
    await context.close();
  });

  it("a runs:write key fails a stuck run from its page, with a reason", async () => {
    const writeKey = await server.newKey("operator", ["runs:read", "runs:write"]);
    const run = await createRun(server, clientId);
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, writeKey, `/runs/${run.run_id}`);
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Keys" }).count(),
    ).resolves.toBe(0);
    await page.getByLabel("Reason").fill("stuck since the provider outage");
    await page.getByRole("button", { name: "Fail this run" }).click();
    await page.getByText("stuck since the provider outage").first().waitFor();
    await page.locator(".facts .status-failed").waitFor();
    const failed = await getRun(server, run.run_id);
    expect(failed.status).toBe("failed");
    await context.close();
  });

  it("an admin key sees the Keys page with its keys", async () => {
    await server.newKey("listed key", ["runs:read"]);
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, server.adminKey);
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Keys" })
      .click();
    await page.getByRole("heading", { name: "API keys" }).waitFor();
    await page.getByRole("cell", { name: "listed key", exact: true }).waitFor();
    await context.close();
  });

  it("sign-out ends the session: back to sign-in, and the old cookie is refused by the server", async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, server.adminKey);
    const cookie = await sessionCookie(context);
    const me = () =>
      fetch(`${server.url}/trpc/session.me`, {
        headers: { cookie: `columnline_session=${cookie}` },
      }).then((response) => response.status);
    expect(await me()).toBe(200);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API key").waitFor();
    expect((await context.cookies()).map((entry) => entry.name)).not.toContain(
      "columnline_session",
    );
    // Replaying the old cookie (as a stolen copy would) no longer works.
    expect(await me()).toBe(401);
    await page.reload();
    await page.getByLabel("API key").waitFor();
    await context.close();
  });
});
