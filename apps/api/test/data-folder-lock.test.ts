/**
 * One process per PGlite data folder, and the port checked before the store, through the
 * real binary (`pnpm dev`'s `node --import tsx src/main.ts`; the bundle runs the same code).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { createDb, LOCK_FILE_NAME } from "@columnline/db";
import {
  createTestDatabase,
  dropTestDatabase,
  testEngines,
  urlForDatabase,
} from "@columnline/db/testing";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, newAdminKey, Service } from "./support/service";

const run = promisify(execFile);
const DB_PACKAGE_DIR = resolve(import.meta.dirname, "../../../packages/db");
const REMEDY =
  "stop that process, or set DATA_DIR to another folder or DATABASE_URL to use PostgreSQL";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A data folder path of its own (not created yet). */
async function freshDataDir(): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), "columnline-lock-"));
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  return join(parent, "pglite");
}

async function startService(options: Parameters<typeof Service.start>[0]): Promise<Service> {
  const service = await Service.start(options);
  cleanups.push(() => service.kill());
  return service;
}

/** Every file and folder under `dir` with its size and mtime: equal snapshots, nothing written. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  for (const name of await readdir(dir, { recursive: true })) {
    const info = await stat(join(dir, name));
    entries[name] = `${info.isDirectory() ? "dir" : info.size} ${info.mtimeMs}`;
  }
  entries["."] = `dir ${(await stat(dir)).mtimeMs}`;
  return entries;
}

const lockOf = async (dataDir: string) =>
  JSON.parse(await readFile(join(dataDir, LOCK_FILE_NAME), "utf8")) as Record<string, unknown>;

function clientCalls(service: Service, adminKey: string) {
  const headers = { authorization: `Bearer ${adminKey}`, "content-type": "application/json" };
  return {
    create: async (clientId: string) =>
      (
        await fetch(`${service.url}/api/v1/clients`, {
          method: "POST",
          headers,
          body: JSON.stringify({ client_id: clientId, name: clientId }),
        })
      ).status,
    get: async (clientId: string) =>
      (await fetch(`${service.url}/api/v1/clients/${clientId}`, { headers })).status,
  };
}

/** The lines a failed start wrote on stderr, without pnpm's own "[ELIFECYCLE]" line. */
const ownLines = (stderr: string) =>
  stderr
    .trim()
    .split("\n")
    .filter((line) => !line.startsWith("[ELIFECYCLE]"));

describe("one service per PGlite data folder", () => {
  it("refuses a second start on the folder in one line, writing nothing; what the first acknowledged survives restarts", async () => {
    const dataDir = await freshDataDir();
    const adminKey = newAdminKey();
    const first = await startService({ port: await freePort(), adminKey, dataDir });
    const firstCalls = clientCalls(first, adminKey);
    expect(await firstCalls.create("CLT_BEFORE_SECOND")).toBe(201);
    const before = await snapshot(dataDir);

    const secondPort = await freePort();
    const second = Service.spawn({ port: secondPort, adminKey, dataDir });
    cleanups.push(() => second.kill());
    expect(await second.exited).toEqual({ code: 1, signal: null });
    const inUse = `data folder ${dataDir} is in use by pid ${first.child.pid} (port ${first.options.port}); ${REMEDY}`;
    expect(second.stderr.trim().split("\n")).toEqual([`columnline: ${inUse}`]);
    expect(second.stdout).toBe("");
    expect(await snapshot(dataDir)).toEqual(before);
    expect(await lockOf(dataDir)).toMatchObject({ pid: first.child.pid, port: first.options.port });

    // `pnpm db:migrate` is refused the same way, and migrates nothing.
    const { DATABASE_URL: _url, ...env } = process.env;
    const migrate = await run("pnpm", ["run", "--silent", "db:migrate"], {
      cwd: DB_PACKAGE_DIR,
      env: { ...env, DATA_DIR: dataDir },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(migrate.code).toBe(1);
    expect(ownLines(migrate.stderr)).toEqual([`columnline: ${inUse}`]);
    expect(await snapshot(dataDir)).toEqual(before);

    // The first serves on, then stops cleanly and lets go of the folder.
    expect(await firstCalls.create("CLT_AFTER_SECOND")).toBe(201);
    expect(await first.stop()).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);

    const restarted = await startService({ port: secondPort, adminKey, dataDir });
    const restartedCalls = clientCalls(restarted, adminKey);
    expect(await restartedCalls.get("CLT_BEFORE_SECOND")).toBe(200);
    expect(await restartedCalls.get("CLT_AFTER_SECOND")).toBe(200);
    expect(await lockOf(dataDir)).toMatchObject({ pid: restarted.child.pid, port: secondPort });
    expect(await restarted.stop()).toEqual({ code: 0, signal: null });
  }, 120_000);

  it("starts at once on the folder of a service killed with SIGKILL, with its data", async () => {
    const dataDir = await freshDataDir();
    const adminKey = newAdminKey();
    const port = await freePort();
    const killed = await startService({ port, adminKey, dataDir });
    expect(await clientCalls(killed, adminKey).create("CLT_BEFORE_KILL")).toBe(201);
    await killed.kill();
    // Its lock stayed behind, naming a process that is gone.
    expect(await lockOf(dataDir)).toMatchObject({ pid: killed.child.pid });

    const next = await startService({ port, adminKey, dataDir });
    expect(await clientCalls(next, adminKey).get("CLT_BEFORE_KILL")).toBe(200);
    expect(await lockOf(dataDir)).toMatchObject({ pid: next.child.pid, port });
    expect(await next.stop()).toEqual({ code: 0, signal: null });
  }, 120_000);
});

describe.each(testEngines())("a port in use (%s)", (engine) => {
  it("stops the start in one line before the store is touched", async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, "127.0.0.1", done));
    cleanups.push(() => new Promise((done) => blocker.close(done)));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const dataDir = await freshDataDir();
    let databaseUrl: string | undefined;
    if (engine === "postgres") {
      const name = await createTestDatabase();
      cleanups.push(() => dropTestDatabase(name));
      databaseUrl = urlForDatabase(process.env.DATABASE_URL ?? "", name);
    }

    const service = Service.spawn({ port, adminKey: newAdminKey(), dataDir, databaseUrl });
    cleanups.push(() => service.kill());
    expect(await service.exited).toEqual({ code: 1, signal: null });
    expect(service.stderr.trim().split("\n")).toEqual([
      `columnline: port ${port} is in use; stop the process listening on it, or set PORT to another port`,
    ]);
    // The data folder was never even created; on PostgreSQL, nothing was migrated.
    expect(existsSync(dataDir)).toBe(false);
    if (databaseUrl) {
      const db = await createDb({ databaseUrl, poolSize: 1 });
      try {
        const tables = await db.db.execute(
          "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema IN ('public', 'drizzle')",
        );
        expect(Array.from(tables as Iterable<unknown>)).toEqual([{ n: 0 }]);
      } finally {
        await db.close();
      }
    }

    // LOG_LEVEL=debug adds the stack under the same line.
    const verbose = Service.spawn({ port, adminKey: newAdminKey(), dataDir, logLevel: "debug" });
    cleanups.push(() => verbose.kill());
    expect((await verbose.exited).code).toBe(1);
    const [line, ...stack] = verbose.stderr.trim().split("\n");
    expect(line).toMatch(/^columnline: port \d+ is in use/);
    expect(stack.some((frame) => /^ {4}at /.test(frame))).toBe(true);
  }, 60_000);
});
