import { randomBytes } from "node:crypto";
import type { Engine } from "@columnline/db";
import type { TestDb } from "@columnline/db/testing";
import { formatRunId } from "@columnline/domain";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../src/index";
import { startTestServer } from "../src/testing/start-test-server";
import type { WebhookSettings } from "../src/webhooks/webhook-settings";

export const ADMIN_KEY = `test-admin-${randomBytes(12).toString("hex")}`;

export interface RestResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestApi {
  url: string;
  db: TestDb;
  /** Calls a REST route under /api/v1 with the admin key unless another (or null) is given. */
  rest<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    key?: string | null,
  ): Promise<RestResponse<T>>;
  trpc(key?: string): ReturnType<typeof createTRPCClient<AppRouter>>;
  /** Sets the clock the service reads (steps' prices, the reaper). */
  setNow(at: Date | null): void;
  reap(): Promise<void>;
  /** Runs the budget evaluator's sweep now (threshold events) and waits for it. */
  evaluateBudgets(): Promise<void>;
  /** Closes (on PostgreSQL: drops) the database under the running server, to test outages. */
  closeDatabase(): Promise<void>;
  /** Claims and sends the webhook deliveries due now, and waits for those attempts. */
  deliverWebhooks(): Promise<void>;
  close(): Promise<void>;
}

/** The API on a free port over a fresh database of the given engine: one per test file. */
export async function startTestApi(
  engine: Engine,
  options: {
    dashboardOrigins?: readonly string[];
    webhooks?: Partial<WebhookSettings>;
  } = {},
): Promise<TestApi> {
  let fixedNow: Date | null = null;
  const server = await startTestServer(engine, {
    ...options,
    adminApiKey: ADMIN_KEY,
    now: () => fixedNow ?? new Date(),
  });
  const { api, db, closeDatabase } = server;
  return {
    url: api.url,
    db,
    async rest(method, path, body, key = ADMIN_KEY) {
      const headers: Record<string, string> = {};
      if (key !== null) headers.authorization = `Bearer ${key}`;
      if (body !== undefined) headers["content-type"] = "application/json";
      const response = await fetch(`${api.url}/api/v1${path}`, {
        method,
        headers,
        ...(body === undefined
          ? {}
          : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text ? JSON.parse(text) : null,
        headers: response.headers,
      };
    },
    trpc(key = ADMIN_KEY) {
      return createTRPCClient<AppRouter>({
        links: [httpLink({ url: `${api.url}/trpc`, headers: { authorization: `Bearer ${key}` } })],
      });
    },
    setNow(at) {
      fixedNow = at;
    },
    reap: () => api.reaper.sweep(),
    evaluateBudgets: () => api.budgetEvaluator.sweep(),
    closeDatabase,
    deliverWebhooks: () => api.webhooks.drain(),
    close: () => server.close(),
  };
}

let counter = 0;
/** Unique within the process: fresh IDs in every test. */
export function uniqueToken(): string {
  counter += 1;
  return `${Date.now().toString(36)}${counter.toString(36)}${randomBytes(2).toString("hex")}`.toUpperCase();
}

/** A run_id no other test uses: a random second in 2020-2029. */
export function freshRunId(): string {
  return formatRunId(
    new Date(Date.UTC(2020, 0, 1) + Math.floor(Math.random() * 315_000_000) * 1000),
  );
}

export { TRPCClientError };
