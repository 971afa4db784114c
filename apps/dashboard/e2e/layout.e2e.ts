import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, signIn } from "./support/browser";
import { completedRun, createClient, createRun, failRun, type RunJson } from "./support/ledger";
import { type DashboardServer, startDashboardServer } from "./support/server";

/** The widths the issue names: a phone's and a laptop's. Layout is the browser's, not the engine's: PGlite only. */
const WIDTHS = [
  { name: "phone width (390 px)", width: 390, height: 844 },
  { name: "1280 px", width: 1280, height: 900 },
];

/** What a page's width costs the reader: how far the document scrolls sideways, and what sticks out. */
async function sidewaysOverflow(page: Page) {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const overflow = document.documentElement.scrollWidth - viewport;
    // Elements whose right edge leaves the viewport, unless an ancestor scrolls them itself
    // (a wide table inside its own scroll box is fine on a phone).
    const scrolledByAncestor = (element: Element) => {
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        if (["auto", "scroll", "hidden"].includes(style.overflowX) && parent !== document.body) {
          return true;
        }
      }
      return false;
    };
    const outside = [...document.querySelectorAll("main *, header *")]
      .filter((element) => element.getBoundingClientRect().right > viewport + 1)
      .filter((element) => !scrolledByAncestor(element))
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
    return { overflow, outside };
  });
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("every page fits a phone-width screen and a 1280 px one (pglite)", () => {
  let server: DashboardServer;
  let clientId: string;
  let run: RunJson;
  let endpoint: { id: string };

  beforeAll(async () => {
    server = await startDashboardServer("pglite");
    clientId = await createClient(server, "Layout Co with a rather long client name");
    // A long URL: the webhooks list and the endpoint page must wrap or scroll it in place.
    endpoint = await server.expectRest<{ id: string }>(201, "POST", "/webhooks", {
      url: "https://hook.eu1.make.com/abcdefghijklmnopqrstuvwxyz0123456789abcdefghij/columnline",
      event_types: ["run.completed", "run.failed"],
    });
    run = await completedRun(server, clientId, { dossier_id: "DOSS_20261201_4523" });
    const failed = await createRun(server, clientId);
    await failRun(server, failed.run_id, "provider returned 529 overloaded ".repeat(6).trim());
  });
  afterAll(async () => {
    await server?.close();
  });

  for (const screen of WIDTHS) {
    it(`draws every page from data without sideways scrolling at ${screen.name}`, async () => {
      const { context, page } = await newPage(browser, screen);
      try {
        await signIn(page, server.url, server.adminKey);
        const pages = [
          { path: "/", heading: "Overview" },
          { path: "/runs", heading: "Runs" },
          { path: `/runs/${run.run_id}`, heading: `Run ${run.run_id}` },
          { path: "/clients", heading: "Clients" },
          { path: `/clients/${clientId}`, heading: "Layout Co" },
          { path: "/models", heading: "Models and prices" },
          { path: "/webhooks", heading: "Webhooks" },
          { path: `/webhooks/${endpoint.id}`, heading: `Endpoint ${endpoint.id}` },
          { path: "/keys", heading: "API keys" },
        ];
        for (const target of pages) {
          await page.goto(`${server.url}${target.path}`);
          await page.getByRole("heading", { level: 1, name: target.heading }).waitFor();
          // Every query answered: no loading notice left, and none failed.
          await expect
            .poll(() => page.locator(".state-loading").count(), { timeout: 15_000 })
            .toBe(0);
          expect(await page.getByRole("alert").count(), `${target.path}: an error shown`).toBe(0);
          const { overflow, outside } = await sidewaysOverflow(page);
          expect({ path: target.path, overflow, outside }).toEqual({
            path: target.path,
            overflow: 0,
            outside: [],
          });
          // The main navigation stays reachable at this width.
          await expect
            .poll(() => page.getByRole("navigation", { name: "Main" }).isVisible())
            .toBe(true);
        }
      } finally {
        await context.close();
      }
    });
  }
});
