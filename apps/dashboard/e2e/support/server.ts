import { startTestServer } from "@columnline/api/testing";
import { inject } from "vitest";
import type { Engine } from "./engines";

export interface RestAnswer<T> {
  status: number;
  body: T;
}

/** The real API over a fresh database of one engine, serving the dashboard built for this run. */
export interface DashboardServer {
  url: string;
  adminKey: string;
  /** A REST call under /api/v1 with a bearer key (the admin key unless another is given). */
  rest<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    key?: string,
  ): Promise<RestAnswer<T>>;
  /** A REST call that must answer `status`; throws with the body otherwise. */
  expectRest<T = Record<string, unknown>>(
    status: number,
    method: string,
    path: string,
    body?: unknown,
    key?: string,
  ): Promise<T>;
  /** A new API key with these scopes (the secret, shown once). */
  newKey(name: string, scopes: readonly string[]): Promise<string>;
  close(): Promise<void>;
}

export async function startDashboardServer(
  engine: Engine,
  options: { sessionTtlMs?: number } = {},
): Promise<DashboardServer> {
  const server = await startTestServer(engine, {
    ...options,
    dashboardDir: inject("dashboardDir"),
  });
  const rest: DashboardServer["rest"] = async (method, path, body, key = server.adminKey) => {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const expectRest: DashboardServer["expectRest"] = async (status, method, path, body, key) => {
    const answer = await rest(method, path, body, key);
    if (answer.status !== status) {
      throw new Error(
        `${method} ${path}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
    return answer.body as never;
  };
  return {
    url: server.url,
    adminKey: server.adminKey,
    rest,
    expectRest,
    async newKey(name, scopes) {
      const created = await expectRest<{ key: string }>(201, "POST", "/keys", { name, scopes });
      return created.key;
    },
    close: () => server.close(),
  };
}
