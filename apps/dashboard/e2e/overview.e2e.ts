import { addDecimalTexts, formatUsd, formatUsdExact } from "@columnline/domain/money";
import type { Browser, Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, signIn } from "./support/browser";
import { e2eEngines } from "./support/engines";
import {
  completedRun,
  createClient,
  createRun,
  failRun,
  type RunJson,
  recordStep,
} from "./support/ledger";
import { type DashboardServer, startDashboardServer } from "./support/server";

interface StepJson {
  model: string | null;
  cost: string | null;
}

/** The heights of the bars a chart drew: every <rect> of its SVG. */
const barHeights = (chart: Locator) =>
  chart
    .locator("svg rect")
    .evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute("height"))));

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(e2eEngines())("the overview in a browser (%s)", (engine) => {
  let server: DashboardServer;
  beforeAll(async () => {
    server = await startDashboardServer(engine);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("shows how to record the first run while the ledger is empty", async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, server.adminKey);
    await page.getByRole("heading", { name: "No runs yet: record the first one" }).waitFor();
    const help = await page.locator(".first-run").textContent();
    expect(help).toContain(`curl -X POST ${server.url}/api/v1/runs`);
    expect(help).toContain("pnpm cli runs create");
    await context.close();
  });

  it("draws the spend, cost per day, runs by status and top runs from the ledger's data", async () => {
    const acme = await createClient(server, "Acme");
    const globex = await createClient(server, "Globex");
    const runs: RunJson[] = [
      await completedRun(server, acme),
      await completedRun(server, acme),
      await completedRun(server, globex),
    ];
    const failed = await createRun(server, globex);
    await recordStep(server, failed.run_id, {
      step_id: "research",
      model: "gpt-4o",
      usage: { input_tokens: 5000, output_tokens: 100 },
    });
    runs.push(await failRun(server, failed.run_id, "the model timed out"));
    // A model without a catalog price and no reported cost: an unpriced step.
    const unpriced = await createRun(server, globex);
    await recordStep(server, unpriced.run_id, {
      step_id: "private",
      model: "in-house-llm-v1",
      usage: { input_tokens: 10, output_tokens: 10 },
    });
    await failRun(server, unpriced.run_id, "abandoned");

    const steps: StepJson[] = [];
    for (const run of runs) {
      steps.push(...(await server.expectRest<StepJson[]>(200, "GET", `/runs/${run.run_id}/steps`)));
    }
    const costOf = (model: string) =>
      addDecimalTexts(steps.filter((step) => step.model === model).map((step) => step.cost ?? "0"));
    const spentToday = addDecimalTexts(runs.map((run) => run.total_cost_exact));

    const { context, page } = await newPage(browser);
    await signIn(page, server.url, server.adminKey);

    const spend = page.getByRole("region", { name: "Spend by period" });
    const today = spend.locator(".stat-card").filter({ hasText: "Spend today" });
    await expect(today.locator(".stat-value").textContent()).resolves.toBe(formatUsd(spentToday));
    await expect(today.locator(".stat-value").getAttribute("title")).resolves.toBe(
      formatUsdExact(spentToday),
    );

    // Cost per day by model: bars drawn with height, and the table holds the exact sums.
    const costChart = page.getByRole("figure", { name: "Cost per day by model" });
    await costChart.locator("svg rect").first().waitFor();
    const heights = await barHeights(costChart);
    expect(heights.filter((height) => height > 0).length).toBeGreaterThanOrEqual(2);
    const titles = await costChart.locator("svg rect title").allTextContents();
    expect(titles.some((title) => title.includes("gpt-4o"))).toBe(true);
    expect(titles.some((title) => title.includes("claude-sonnet-4-5"))).toBe(true);
    await costChart.getByText("Show the numbers as a table").click();
    const costTable = costChart.getByRole("table");
    const header = await costTable.locator("thead th").allTextContents();
    const todayRow = costTable.locator("tbody tr").last();
    const cells = await todayRow.locator("th, td").allTextContents();
    expect(cells[header.indexOf("gpt-4o")]).toBe(formatUsdExact(costOf("gpt-4o")));
    expect(cells[header.indexOf("claude-sonnet-4-5")]).toBe(
      formatUsdExact(costOf("claude-sonnet-4-5")),
    );

    // The same chart by client names the clients instead.
    await page.getByRole("radio", { name: "By client" }).check();
    const byClient = page.getByRole("figure", { name: "Cost per day by client" });
    await byClient.getByRole("list", { name: "Legend" }).getByText(acme).waitFor();
    await byClient.getByRole("list", { name: "Legend" }).getByText(globex).waitFor();

    const byStatus = page.getByRole("region", { name: "Runs by status" });
    const stat = (label: string) =>
      byStatus
        .locator(".stat-card")
        .filter({ has: page.locator(".stat-label").getByText(label, { exact: true }) })
        .locator(".stat-value");
    await expect(stat("Completed").textContent()).resolves.toBe("3");
    await expect(stat("Failed").textContent()).resolves.toBe("2");
    await expect(stat("Failure rate").textContent()).resolves.toBe("40.0%");
    const statusChart = page.getByRole("figure", { name: "Runs per day by status" });
    expect((await barHeights(statusChart)).some((height) => height > 0)).toBe(true);

    // The most expensive completed run first.
    const top = page.getByRole("table", { name: "The 10 most expensive completed runs" });
    const expensive = [...runs.slice(0, 3)].sort(
      (a, b) => Number(b.total_cost_exact) - Number(a.total_cost_exact),
    );
    await expect(top.locator("tbody tr").first().textContent()).resolves.toContain(
      expensive[0]?.run_id,
    );

    const warning = page.getByRole("alert").filter({ hasText: "no price" });
    await expect(warning.textContent()).resolves.toContain("1 step has no price");
    await warning.getByRole("link").click();
    await page.waitForURL(/\/models#unpriced$/);
    await page.getByRole("heading", { name: "Models and prices", level: 1 }).waitFor();
    await context.close();
  });
});
