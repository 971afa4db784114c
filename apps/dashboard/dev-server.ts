import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseEnv } from "node:util";
import type { ProxyOptions } from "vite";

/** The repository root, where `pnpm dev` reads `.env` (as the API does). */
export const REPO_ROOT = resolve(import.meta.dirname, "../..");

/** The paths Vite forwards to the API: everything the dashboard calls, and the health check. */
export const API_PATHS = ["/trpc", "/api", "/healthz"] as const;

export interface DevServerSettings {
  /** Vite's port (DASHBOARD_DEV_PORT, default 5173; the API's dev start allows its origin). */
  port: number;
  /** The API the proxy forwards to: http://127.0.0.1:$PORT (default 3000), as the API listens. */
  apiTarget: string;
  proxy: Record<string, ProxyOptions>;
}

/** The environment as the API sees it: the real one, then the repository's .env for the rest. */
export function devEnv(
  env: NodeJS.ProcessEnv = process.env,
  envFile = join(REPO_ROOT, ".env"),
): Record<string, string | undefined> {
  const fromFile = existsSync(envFile)
    ? (parseEnv(readFileSync(envFile, "utf8")) as Record<string, string>)
    : {};
  return { ...fromFile, ...env };
}

function portOf(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined || text.trim() === "") return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${name} must be a port (1-65535), got ${text}`);
  }
  return port;
}

/**
 * Where `pnpm dev`'s Vite listens and forwards. changeOrigin stays false: the browser's Host
 * reaches the API unchanged, so its Origin check sees the page's own origin, and the session
 * cookie (host-only, SameSite=Strict) belongs to the Vite origin the browser is on.
 */
export function devServerSettings(env: Record<string, string | undefined>): DevServerSettings {
  const host = env.HOST && env.HOST !== "0.0.0.0" && env.HOST !== "::" ? env.HOST : "127.0.0.1";
  const target = `http://${host.includes(":") ? `[${host}]` : host}:${portOf(env.PORT, "PORT", 3000)}`;
  const forward: ProxyOptions = { target, changeOrigin: false };
  return {
    port: portOf(env.DASHBOARD_DEV_PORT, "DASHBOARD_DEV_PORT", 5173),
    apiTarget: target,
    proxy: Object.fromEntries(API_PATHS.map((path) => [path, forward])),
  };
}
