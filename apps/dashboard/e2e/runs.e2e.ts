import { formatUsd, formatUsdExact } from "@columnline/domain/money";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, signIn } from "./support/browser";
import { e2eEngines } from "./support/engines";
import {
  completedRun,
  completeRun,
  createClient,
  createRun,
  dossierSteps,
  failRun,
  getRun,
  recordStep,
} from "./support/ledger";
import { type DashboardServer, startDashboardServer } from "./support/server";

/** A page's run rows: the runs table's body rows. */
const runRows = (page: Page) => page.locator("table tbody tr");
/** The row of one run (by its link: a run started the same second is `${runId}_2`). */
const rowOf = (page: Page, runId: string) =>
  runRows(page).filter({ has: page.getByRole("link", { name: runId, exact: true }) });

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(e2eEngines())("the runs and run pages in a browser (%s)", (engine) => {
  let server: DashboardServer;
  beforeAll(async () => {
    server = await startDashboardServer(engine);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("signs in with a pasted key and lands on the overview", async () => {
    const { context, page } = await newPage(browser);
    await page.goto(server.url);
    await page.getByRole("heading", { name: "Columnline Runs" }).waitFor();
    // A wrong key is refused on the form; the right one opens the app.
    await page.getByLabel("API key").fill("not-a-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "not valid" }).waitFor();
    await page.getByLabel("API key").fill(server.adminKey);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Overview", level: 1 }).waitFor();
    await page.getByRole("link", { name: "Keys" }).waitFor();
    // The session survives a reload: it lives in the server, behind the cookie.
    await page.reload();
    await page.getByRole("heading", { name: "Overview", level: 1 }).waitFor();
    await context.close();
  });

  it("shows a run created through REST and updates it live when it completes, without a reload", async () => {
    const clientId = await createClient(server, "Live Co");
    const run = await createRun(server, clientId);
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, server.adminKey, "/runs");
    const navigations: string[] = [];
    page.on("framenavigated", (frame) => navigations.push(frame.url()));
    await page.evaluate(() => {
      (window as unknown as { stillThisDocument: boolean }).stillThisDocument = true;
    });

    await rowOf(page, run.run_id).filter({ hasText: "running" }).waitFor();
    // A second run created while the page is open shows up by itself too.
    const second = await createRun(server, clientId, { status: "pending" });
    await rowOf(page, second.run_id).filter({ hasText: "pending" }).waitFor();

    for (const step of dossierSteps) await recordStep(server, run.run_id, step);
    const done = await completeRun(server, run.run_id);
    const row = rowOf(page, run.run_id);
    await row.filter({ hasText: "completed" }).waitFor();
    await expect(row.textContent()).resolves.toContain(formatUsd(done.total_cost));

    expect(navigations).toEqual([]);
    await expect(
      page.evaluate(() => (window as unknown as { stillThisDocument?: boolean }).stillThisDocument),
    ).resolves.toBe(true);
    await context.close();
  });

  it("shows a run's steps and the same total as the API on its page", async () => {
    const clientId = await createClient(server, "Totals Co");
    const run = await completedRun(server, clientId, {
      seed_data: { lead_url: "https://acme.example/lead" },
    });
    const steps = await server.expectRest<{ step_id: string; cost: string | null }[]>(
      200,
      "GET",
      `/runs/${run.run_id}/steps`,
    );
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, server.adminKey, "/runs");
    await page.getByRole("link", { name: run.run_id }).click();
    await page.getByRole("heading", { name: `Run ${run.run_id}` }).waitFor();
    expect(page.url()).toBe(`${server.url}/runs/${run.run_id}`);

    const total = page.getByTestId("run-total-cost");
    await expect(total.textContent()).resolves.toBe(formatUsd(run.total_cost));
    await expect(total.getAttribute("title")).resolves.toBe(formatUsdExact(run.total_cost_exact));

    const stepsTable = page.getByRole("table", { name: "Steps, in the order they were recorded" });
    const rows = stepsTable.locator("tbody tr");
    await expect(rows.count()).resolves.toBe(dossierSteps.length);
    for (const [index, step] of dossierSteps.entries()) {
      const text = await rows.nth(index).textContent();
      expect(text).toContain(step.step_name);
      expect(text).toContain(step.model);
      expect(text).toContain(formatUsdExact(steps[index]?.cost ?? "none"));
    }
    await page.getByRole("heading", { name: "Step timeline" }).waitFor();
    await page.getByRole("heading", { name: "Cost by step" }).waitFor();
    await expect(page.getByRole("region", { name: "Seed data" }).textContent()).resolves.toContain(
      "https://acme.example/lead",
    );
    // Completed: nothing to fail.
    await expect(page.getByRole("button", { name: "Fail this run" }).count()).resolves.toBe(0);
    await context.close();
  });

  it("filters by client, status and trigger, and pages through 25 runs at a time", async () => {
    const clientId = await createClient(server, "Paging Co");
    const failed: string[] = [];
    for (let index = 0; index < 27; index += 1) {
      const run = await createRun(server, clientId, {
        triggered_by: index === 0 ? "make.com" : "api",
      });
      if (index % 10 === 3) failed.push((await failRun(server, run.run_id, "timeout")).run_id);
      else await completeRun(server, run.run_id);
    }
    const madeByMake = (
      await server.expectRest<{ items: { run_id: string }[] }>(
        200,
        "GET",
        `/runs?client_id=${clientId}&triggered_by=make.com`,
      )
    ).items;
    expect(madeByMake).toHaveLength(1);

    const { context, page } = await newPage(browser);
    await signIn(page, server.url, server.adminKey, "/runs");
    const filters = page.getByRole("form", { name: "Filter runs" });
    await filters.getByLabel("Client ID").fill(clientId);
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(`**/runs?client_id=${clientId}`);

    const pager = page.getByRole("navigation", { name: "Pages" });
    await pager.getByText("Page 1").waitFor();
    await expect.poll(() => runRows(page).filter({ hasText: clientId }).count()).toBe(25);
    const firstPage = await runRows(page).locator("td:first-child").allTextContents();
    await pager.getByRole("button", { name: "Next page" }).click();
    await pager.getByText("Page 2").waitFor();
    // The previous page stays on screen until the next one arrives.
    await expect.poll(() => runRows(page).count()).toBe(2);
    const secondPage = await runRows(page).locator("td:first-child").allTextContents();
    expect(new Set([...firstPage, ...secondPage]).size).toBe(27);
    expect(await pager.getByRole("button", { name: "Next page" }).isDisabled()).toBe(true);
    await pager.getByRole("button", { name: "Previous page" }).click();
    await pager.getByText("Page 1").waitFor();
    await expect.poll(() => runRows(page).count()).toBe(25);

    await filters.getByLabel("Status").selectOption("failed");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/status=failed/);
    await expect.poll(() => runRows(page).count()).toBe(failed.length);
    const shown = await runRows(page).locator("td:first-child").allTextContents();
    expect(shown.sort()).toEqual([...failed].sort());

    await filters.getByLabel("Status").selectOption("");
    await filters.getByLabel("Triggered by").selectOption("make.com");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/triggered_by=make\.com/);
    await expect.poll(() => runRows(page).count()).toBe(1);
    await expect(runRows(page).first().textContent()).resolves.toContain(madeByMake[0]?.run_id);

    // The filtered view is a shareable address: opening it afresh shows the same.
    await page.goto(`${server.url}/runs?client_id=${clientId}&status=failed`);
    await expect.poll(() => runRows(page).count()).toBe(failed.length);
    expect((await getRun(server, failed[0] ?? "")).status).toBe("failed");
    await context.close();
  });
});
