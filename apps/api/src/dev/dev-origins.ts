/** The port `pnpm dev`'s Vite serves the dashboard on (DASHBOARD_DEV_PORT; Vite reads it too). */
export const DEFAULT_DASHBOARD_DEV_PORT = 5173;

/** The Vite dev server's port: DASHBOARD_DEV_PORT, else 5173. */
export function dashboardDevPort(env: NodeJS.ProcessEnv): number {
  const text = env.DASHBOARD_DEV_PORT?.trim();
  if (!text) return DEFAULT_DASHBOARD_DEV_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`DASHBOARD_DEV_PORT must be a port (1-65535), got ${text}`);
  }
  return port;
}

/**
 * DASHBOARD_ORIGINS for `pnpm dev`: the listed ones plus the Vite dev server's origins, under
 * both loopback names a browser may be pointed at. The proxy keeps the browser's Host, so the
 * API would already see those writes as same-origin; listing them keeps the dashboard's writes
 * working when a proxy in between rewrites Host (changeOrigin) or the page is opened by IP.
 */
export function devDashboardOrigins(env: NodeJS.ProcessEnv): string {
  const port = dashboardDevPort(env);
  const listed = (env.DASHBOARD_ORIGINS ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  const vite = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  return [...new Set([...listed, ...vite])].join(",");
}
