/**
 * The PostgreSQL server under DATABASE_URL: fresh cl_test_* databases, terminating a
 * database's connections, restarting the whole server (the serial suite runs alone), and
 * making sure it is up again whatever happened.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createDb, type Database } from "@columnline/db";
import { createTestDatabase, dropTestDatabase, urlForDatabase } from "@columnline/db/testing";
import { sleep } from "../../support/service";

const run = promisify(execFile);

/** The server the suite may use, or undefined: the parts that need one skip. */
export const serverUrl = process.env.DATABASE_URL || undefined;

function hostAndPort(): { host: string; port: string } {
  const url = new URL(serverUrl ?? "postgres://127.0.0.1:5432/postgres");
  return { host: url.hostname || "127.0.0.1", port: url.port || "5432" };
}

export async function isPostgresReady(): Promise<boolean> {
  const { host, port } = hostAndPort();
  try {
    await run("pg_isready", ["-h", host, "-p", port, "-q"], { timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** The local cluster serving the port of DATABASE_URL: ["15", "main"]. */
async function cluster(): Promise<[string, string]> {
  const { port } = hostAndPort();
  const { stdout } = await run("pg_lsclusters", ["-h"]);
  for (const line of stdout.split("\n")) {
    const [version, name, clusterPort] = line.trim().split(/\s+/);
    if (version && name && clusterPort === port) return [version, name];
  }
  throw new Error(`no local PostgreSQL cluster on port ${port}:\n${stdout}`);
}

async function pgCtlCluster(action: "restart" | "start"): Promise<void> {
  const [version, name] = await cluster();
  await run("pg_ctlcluster", ["--skip-systemctl-redirect", version, name, action], {
    timeout: 60_000,
  });
}

/** Resolves once the server accepts connections; throws after timeoutMs. */
export async function waitForPostgres(timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isPostgresReady())) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL not ready after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** pg_ctlcluster restart (fast shutdown: every session gets 57P01), then waits until ready. */
export async function restartPostgres(): Promise<void> {
  await pgCtlCluster("restart");
  await waitForPostgres();
}

/** Starts the server if it is down: every test that restarts it calls this in a finally. */
export async function ensurePostgresRunning(): Promise<void> {
  if (!serverUrl || (await isPostgresReady())) return;
  try {
    await pgCtlCluster("start");
  } catch {
    // Already starting: wait for it below.
  }
  await waitForPostgres(60_000);
}

/** A connection (pool of 1) to the server's maintenance database, for admin statements. */
export async function withServer<T>(work: (db: Database) => Promise<T>): Promise<T> {
  if (!serverUrl) throw new Error("DATABASE_URL is not set");
  const db = await createDb({ databaseUrl: serverUrl, poolSize: 1 });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** pg_terminate_backend on every connection to `databaseName` (the service's pool). */
export async function terminateConnections(databaseName: string): Promise<number> {
  return withServer(async (db) => {
    const result: unknown = await db.db.execute(
      `SELECT count(pg_terminate_backend(pid))::int AS terminated FROM pg_stat_activity
        WHERE datname = '${databaseName}' AND pid <> pg_backend_pid()`,
    );
    const rows = result as { terminated: number }[];
    return rows[0]?.terminated ?? 0;
  });
}

/** A fresh, empty cl_test_* database on the server; drop() removes it. */
export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function scratchDatabase(): Promise<ScratchDatabase> {
  if (!serverUrl) throw new Error("DATABASE_URL is not set");
  const name = await createTestDatabase();
  return {
    name,
    url: urlForDatabase(serverUrl, name),
    async drop() {
      await ensurePostgresRunning();
      await dropTestDatabase(name);
    },
  };
}

/** A small pool on one database (the service's), for checks from the test. */
export async function withDatabase<T>(url: string, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await createDb({ databaseUrl: url, poolSize: 2 });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/**
 * Polls pg_isready every 50 ms until stopped: when the server first stopped accepting
 * connections (downAt) and when it first accepted them again after that (upAt).
 */
export function watchPostgres(): { stop(): Promise<{ downAt?: number; upAt?: number }> } {
  let running = true;
  const seen: { downAt?: number; upAt?: number } = {};
  const loop = (async () => {
    while (running) {
      const ready = await isPostgresReady();
      const at = Date.now();
      if (!ready && seen.downAt === undefined) seen.downAt = at;
      if (ready && seen.downAt !== undefined && seen.upAt === undefined) seen.upAt = at;
      await sleep(50);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return seen;
    },
  };
}
