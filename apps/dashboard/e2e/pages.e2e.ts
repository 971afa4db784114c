import { randomInt } from "node:crypto";
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
  type RunJson,
  recordStep,
} from "./support/ledger";
import { type DashboardServer, startDashboardServer } from "./support/server";

const runRows = (page: Page) => page.locator("table tbody tr");
const firstCells = (page: Page) => runRows(page).locator("td:first-child").allTextContents();

/** The dashboard's default range, "Last 30 days" in UTC: [29 days before today, tomorrow). */
function last30Days(now = new Date()) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const day = 86_400_000;
  return {
    from: new Date(today - 29 * day).toISOString(),
    to: new Date(today + day).toISOString(),
  };
}

/** Exact sum of decimal strings (the ledger's 10 places), as a decimal string. */
function sumUsd(amounts: readonly string[]): string {
  const scaled = amounts.reduce((sum, amount) => {
    const [whole = "0", fraction = ""] = amount.split(".");
    return sum + BigInt(whole + fraction.padEnd(10, "0").slice(0, 10));
  }, 0n);
  const text = scaled.toString().padStart(11, "0");
  return `${text.slice(0, -10)}.${text.slice(-10)}`;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(e2eEngines())("runs search, clients and models pages (%s)", (engine) => {
  let server: DashboardServer;
  let clientId: string;
  /** Costly (both dossier steps), cheap (one step), free (none): all completed. */
  let runs: { costly: RunJson; cheap: RunJson; free: RunJson };
  const dossierId = `DOSS_20261201_${randomInt(1000, 10_000)}`;

  beforeAll(async () => {
    server = await startDashboardServer(engine);
    clientId = await createClient(server, "Search Co");
    const costly = await completedRun(server, clientId, { dossier_id: dossierId });
    const cheapRun = await createRun(server, clientId);
    const [research] = dossierSteps;
    if (research) await recordStep(server, cheapRun.run_id, research);
    const cheap = await completeRun(server, cheapRun.run_id);
    const free = await completeRun(server, (await createRun(server, clientId)).run_id);
    runs = { costly, cheap, free };
  });
  afterAll(async () => {
    await server?.close();
  });

  it("searches by dossier_id and run_id, filters on cost and sorts by cost", async () => {
    const { costly, cheap, free } = runs;
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, server.adminKey, `/runs?client_id=${clientId}`);
    await expect.poll(() => runRows(page).count()).toBe(3);
    const filters = page.getByRole("form", { name: "Filter runs" });
    const search = filters.getByLabel("Search run or dossier ID");
    const apply = () => filters.getByRole("button", { name: "Apply filters" }).click();

    await search.fill(dossierId);
    await apply();
    await page.waitForURL(/q=DOSS_/);
    await expect.poll(() => firstCells(page)).toEqual([costly.run_id]);
    await search.fill(cheap.run_id);
    await apply();
    await expect.poll(() => firstCells(page)).toEqual([cheap.run_id]);

    await search.fill("");
    await filters.getByLabel("Sort by").selectOption("total_cost");
    await apply();
    await page.waitForURL(/sort=total_cost/);
    await expect.poll(() => firstCells(page)).toEqual([costly.run_id, cheap.run_id, free.run_id]);
    await filters.getByLabel("Order").selectOption("asc");
    await apply();
    await expect.poll(() => firstCells(page)).toEqual([free.run_id, cheap.run_id, costly.run_id]);

    // Bounds between the runs' costs keep only the cheap one; each bound is inclusive and
    // applies to the run's cost as listed (total_cost, to 4 places).
    await filters.getByLabel("Min cost (USD)").fill("0.0001");
    await filters.getByLabel("Max cost (USD)").fill(cheap.total_cost);
    await apply();
    await page.waitForURL(/min_cost=0\.0001/);
    await expect.poll(() => firstCells(page)).toEqual([cheap.run_id]);
    await context.close();
  });

  it("shows each client's spend on the Clients page and on the client's own page", async () => {
    const { costly, cheap, free } = runs;
    const spend = sumUsd([costly, cheap, free].map((run) => run.total_cost_exact));
    const range = last30Days();
    const byClient = await server.expectRest<{ client_id: string; cost_exact: string }[]>(
      200,
      "GET",
      `/analytics/spend-by-client?from=${range.from}&to=${range.to}`,
    );
    expect(byClient.find((row) => row.client_id === clientId)?.cost_exact).toBe(
      spend.replace(/\.?0+$/, ""),
    );
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, server.adminKey, "/clients");
    const table = page.getByRole("table", { name: "Spend per client in the range" });
    const row = table.locator("tbody tr").filter({ hasText: clientId });
    await row.waitFor();
    const cells = await row.locator("td").allTextContents();
    // Client, spend, runs, completed, failed, average run cost.
    expect(cells.slice(1, 5)).toEqual([formatUsd(spend), "3", "3", "0"]);

    await row.getByRole("link").click();
    await page.getByRole("heading", { name: `Search Co (${clientId})`, level: 1 }).waitFor();
    // Today's spend in the cost-per-day table, exact; the three runs' cost statistics.
    const today = new Date().toISOString().slice(0, 10);
    // The chart's table alternative, folded under "Show the numbers as a table".
    const perDay = page.getByRole("table", { name: /Cost per day by model/, includeHidden: true });
    const todayRow = perDay.locator("tbody tr").filter({ hasText: today });
    await expect
      .poll(() => todayRow.locator("td").last().textContent())
      .toBe(formatUsdExact(spend.replace(/\.?0+$/, "")));
    const stats = page.getByRole("region", { name: "Cost per completed run" });
    await stats.filter({ hasText: "3 completed runs" }).waitFor();
    await expect.poll(() => runRows(page).filter({ hasText: "completed" }).count()).toBe(3);
    await context.close();
  });

  it("shows cost by model as the API counts it, and looks a price up", async () => {
    const range = last30Days();
    const byModel = await server.expectRest<{ model: string; cost_exact: string }[]>(
      200,
      "GET",
      `/analytics/cost-by-model?status=completed&from=${range.from}&to=${range.to}`,
    );
    expect(byModel.map((row) => row.model).sort()).toEqual(["claude-sonnet-4-5", "gpt-4o"]);
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, server.adminKey, "/models");
    const table = page.getByRole("table", { name: /Tokens and cost per model/ });
    for (const { model, cost_exact } of byModel) {
      const row = table.locator("tbody tr").filter({ hasText: model });
      await row.filter({ hasText: formatUsd(cost_exact) }).waitFor();
    }

    const lookup = page.getByRole("region", { name: "Look up a price" });
    await lookup.getByLabel("Model").fill("gpt-4o");
    await lookup.getByLabel(/At date/).fill("2026-01-15");
    await lookup.getByRole("button", { name: "Look up" }).click();
    const prices = await server.expectRest<{ prices: { key: string; unit_price: string }[] }>(
      200,
      "GET",
      "/prices?model=gpt-4o&at=2026-01-15",
    );
    const unitPrices = lookup.getByRole("table", { name: "Unit prices, USD" });
    for (const price of prices.prices) {
      await unitPrices
        .locator("tbody tr")
        .filter({ hasText: price.key })
        .filter({ hasText: `${formatUsdExact(price.unit_price)} per` })
        .waitFor();
    }
    await expect(lookup.textContent()).resolves.toContain("2026-01-15T00:00:00.000Z");
    await context.close();
  });
});
