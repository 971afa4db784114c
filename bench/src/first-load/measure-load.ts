import type { Browser } from "playwright-core";

/** One cold load of the signed-in overview: a fresh browser context, so an empty cache. */
export interface LoadTimes {
  /** Navigation start → DOMContentLoaded (the HTML parsed, the module script not yet run). */
  domContentLoadedMs: number;
  /** → the overview's figures and charts drawn from data (no loading notice left). */
  meaningfulMs: number;
  /** → the last request of the load answered (the network then quiet for 500 ms). */
  allRequestsMs: number;
  requests: number;
  /** The longest request (start to last byte) and its path, e.g. the batched overview queries. */
  slowest: { path: string; ms: number };
  /** Bytes over the wire (compressed), the document included. */
  transferredBytes: number;
}

// What "the overview is there" means: its heading, spend figures in dollars, a chart with
// bars, and no "Loading…" notice anywhere.
const OVERVIEW_DRAWN = `(() => {
  const heading = [...document.querySelectorAll("h1")].some((h) => h.textContent === "Overview");
  const loading = [...document.querySelectorAll("[role=status]")].some((s) => /Loading/.test(s.textContent ?? ""));
  const bars = document.querySelectorAll("svg rect").length > 0;
  const dollars = /\\$\\d/.test(document.querySelector("main")?.textContent ?? "");
  return heading && !loading && bars && dollars ? performance.now() : false;
})()`;

interface PageTimings {
  slowest: { path: string; ms: number };
  domContentLoaded: number;
  lastResponse: number;
  requests: number;
  transferred: number;
}

// Read in the page (this package has no DOM types): the document's and every resource's timing.
const TIMINGS = `(() => {
  const [navigation] = performance.getEntriesByType("navigation");
  const entries = [...(navigation ? [navigation] : []), ...performance.getEntriesByType("resource")];
  return {
    domContentLoaded: navigation ? navigation.domContentLoadedEventEnd : 0,
    lastResponse: Math.max(...entries.map((entry) => entry.responseEnd)),
    requests: entries.length,
    transferred: entries.reduce((sum, entry) => sum + entry.transferSize, 0),
    slowest: entries
      .map((entry) => ({ path: new URL(entry.name).pathname, ms: entry.responseEnd - entry.startTime }))
      .sort((a, b) => b.ms - a.ms)[0],
  };
})()`;

export async function measureLoad(
  browser: Browser,
  url: string,
  adminKey: string,
): Promise<LoadTimes> {
  // bypassCSP: the probes below are strings, which the page's CSP (no eval) would refuse;
  // it changes nothing the page loads.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    bypassCSP: true,
  });
  try {
    // The session cookie only (no page visited yet, so nothing cached).
    const signIn = await context.request.post(`${url}/trpc/session.signIn`, {
      headers: { origin: url },
      data: { key: adminKey },
    });
    if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()}`);
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "domcontentloaded", timeout: 30_000 });
    const meaningful = await page.waitForFunction(OVERVIEW_DRAWN, undefined, {
      timeout: 30_000,
      polling: "raf",
    });
    const meaningfulMs = Number(await meaningful.jsonValue());
    await page.waitForLoadState("networkidle");
    const timing = (await page.evaluate(TIMINGS)) as PageTimings;
    return {
      domContentLoadedMs: timing.domContentLoaded,
      meaningfulMs,
      allRequestsMs: timing.lastResponse,
      requests: timing.requests,
      slowest: timing.slowest,
      transferredBytes: timing.transferred,
    };
  } finally {
    await context.close();
  }
}
