import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { dataDirFromEnv } from "../src/client/data-dir";
import { DataDirInUseError } from "../src/client/data-dir-in-use-error";
import {
  LOCK_FILE_NAME,
  lockDataDir,
  removeStaleLock,
  takeoverClaimPath,
} from "../src/client/data-dir-lock";
import { processStartTicks, thisProcess } from "../src/client/process-identity";
import { createClient, createDb, getClient } from "../src/index";
import { FolderHolder } from "./support/folder-holder";

const run = promisify(execFile);
const packageDir = join(import.meta.dirname, "..");
const COMMITTED = (
  JSON.parse(readFileSync(join(packageDir, "migrations/meta/_journal.json"), "utf8")) as {
    entries: unknown[];
  }
).entries.length;
const REMEDY =
  "stop that process, or set DATA_DIR to another folder or DATABASE_URL to use PostgreSQL";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A data folder path no other test uses (not created yet). */
async function freshFolder(): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), "cl-lock-"));
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  return join(parent, "pglite");
}

const lockPath = (dir: string) => join(dir, LOCK_FILE_NAME);
const readLock = async (dir: string) =>
  JSON.parse(await readFile(lockPath(dir), "utf8")) as Record<string, unknown>;

/** A lock file as another process would have left it: this process's identity, overridden. */
async function writeLock(dir: string, fields: Record<string, unknown>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const record = {
    ...thisProcess(),
    port: 3000,
    startedAt: new Date().toISOString(),
    nonce: "0123456789abcdef",
    ...fields,
  };
  await writeFile(lockPath(dir), JSON.stringify(record));
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await once(child, "exit");
  return child.pid ?? -1;
}

/** Everything in the folder, and the folder's own mtime, to show nothing was written. */
async function snapshot(dir: string) {
  const names = (await readdir(dir)).sort();
  const files: Record<string, { mtimeMs: number; content: string }> = {};
  for (const name of names) {
    const path = join(dir, name);
    files[name] = { mtimeMs: (await stat(path)).mtimeMs, content: await readFile(path, "utf8") };
  }
  return { folderMtimeMs: (await stat(dir)).mtimeMs, files };
}

async function refusal(opening: Promise<unknown>): Promise<DataDirInUseError> {
  const error = await opening.then(
    () => new Error("expected DataDirInUseError, but the folder opened"),
    (reason: unknown) => reason,
  );
  if (!(error instanceof DataDirInUseError)) throw error;
  return error;
}

describe("the PGlite data folder lock", () => {
  it("is held from open to close, naming this process and its port; a second open is refused", async () => {
    const dir = await freshFolder();
    const db = await createDb({ dataDir: dir, servicePort: 4321 });
    cleanups.push(() => db.close());
    expect(await readLock(dir)).toMatchObject({
      pid: process.pid,
      port: 4321,
      hostname: hostname(),
    });

    const second = await refusal(createDb({ dataDir: dir }));
    expect(second).toMatchObject({ code: "CONFLICT", holder: { pid: process.pid, port: 4321 } });

    await createClient(db, { clientId: "CLT_LOCKED", name: "Kept" });
    await db.close();
    await expect(stat(lockPath(dir))).rejects.toMatchObject({ code: "ENOENT" });
    const reopened = await createDb({ dataDir: dir });
    cleanups.push(() => reopened.close());
    expect((await getClient(reopened, "CLT_LOCKED")).name).toBe("Kept");
  });

  it("refuses a folder another live process holds, naming folder, pid and port, and writes nothing", async () => {
    const dir = await freshFolder();
    const holder = await FolderHolder.holding(dir, 3999);
    cleanups.push(() => holder.kill());
    const before = await snapshot(dir);

    const error = await refusal(createDb({ dataDir: dir }));
    expect(error.message).toBe(
      `data folder ${dir} is in use by pid ${holder.pid} (port 3999); ${REMEDY}`,
    );
    expect(error).toMatchObject({
      code: "CONFLICT",
      dataDir: dir,
      lockFile: lockPath(dir),
      holder: { pid: holder.pid, port: 3999, hostname: hostname() },
    });
    // PGlite never opened it: the folder still holds the lock file alone, untouched.
    expect(await snapshot(dir)).toEqual(before);
    expect(Object.keys(before.files)).toEqual([LOCK_FILE_NAME]);
  });

  it("takes over, at once, the lock of a holder killed with SIGKILL", async () => {
    const dir = await freshFolder();
    const holder = await FolderHolder.holding(dir, 3999);
    await holder.kill();
    expect(await readLock(dir)).toMatchObject({ pid: holder.pid, port: 3999 });

    const started = Date.now();
    const lock = await lockDataDir(dir, { port: 4000 });
    cleanups.push(() => lock.release());
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await readLock(dir)).toMatchObject({ pid: process.pid, port: 4000 });
    // No takeover claim left behind.
    expect(await readdir(dir)).toEqual([LOCK_FILE_NAME]);
  });

  it.skipIf(process.platform !== "linux")(
    "takes over a lock whose pid now runs another process, or ran before the last boot",
    async () => {
      const dir = await freshFolder();
      const live = process.ppid;
      const startTicks = processStartTicks(live);
      expect(startTicks).toMatch(/^\d+$/);
      // The live process itself, as recorded: refused.
      await writeLock(dir, { pid: live, startTicks });
      expect((await refusal(lockDataDir(dir))).holder.pid).toBe(live);

      const stale = [
        { pid: live, startTicks: String(Number(startTicks) + 1) },
        { pid: live, startTicks, bootId: "00000000-0000-4000-8000-000000000000" },
        // This very pid, in an earlier life (a container's pid 1 after a restart).
        { pid: process.pid, startTicks: "1" },
      ];
      for (const fields of stale) {
        await writeLock(dir, fields);
        const lock = await lockDataDir(dir);
        expect(await readLock(dir)).toMatchObject({
          pid: process.pid,
          startTicks: thisProcess().startTicks,
        });
        await lock.release();
      }
    },
  );

  it("takes over a damaged lock file", async () => {
    const dir = await freshFolder();
    for (const content of ["", '{"pid":', "[]", JSON.stringify({ pid: 0, hostname: "h" })]) {
      await mkdir(dir, { recursive: true });
      await writeFile(lockPath(dir), content);
      const lock = await lockDataDir(dir);
      expect((await readLock(dir)).pid).toBe(process.pid);
      await lock.release();
    }
  });

  it("never takes over the lock of another host, and says which file to delete", async () => {
    const dir = await freshFolder();
    await writeLock(dir, { hostname: "elsewhere.example", pid: 4242, port: 3000 });
    const before = await snapshot(dir);
    const error = await refusal(lockDataDir(dir));
    expect(error.message).toBe(
      `data folder ${dir} is in use by pid 4242 on host elsewhere.example (port 3000); ${REMEDY}` +
        ` (if elsewhere.example no longer runs it, delete ${lockPath(dir)})`,
    );
    expect(await snapshot(dir)).toEqual(before);
  });

  it("never lets a late taker remove the lock that replaced the stale one it found", async () => {
    const dir = await freshFolder();
    await writeLock(dir, { pid: await deadPid() });
    const stale = await readFile(lockPath(dir), "utf8");
    const lock = await lockDataDir(dir, { port: 4000 });
    cleanups.push(() => lock.release());
    const fresh = await readFile(lockPath(dir), "utf8");
    // Another process that read the same stale lock, and only now gets to remove it.
    expect(await removeStaleLock(lockPath(dir), stale)).toBeNull();
    expect(await readFile(lockPath(dir), "utf8")).toBe(fresh);
  });

  it("waits out a live process's takeover of a stale lock, never doubling it; a dead taker's is taken over", async () => {
    const dir = await freshFolder();
    await writeLock(dir, { pid: await deadPid() });
    const stale = await readFile(lockPath(dir), "utf8");
    const claim = takeoverClaimPath(lockPath(dir), stale);
    // The test runner's process, alive, is in the middle of taking the stale lock over.
    const claimant = {
      ...thisProcess(),
      pid: process.ppid,
      startTicks: processStartTicks(process.ppid),
      port: null,
      startedAt: new Date().toISOString(),
      nonce: "fedcba9876543210",
    };
    await writeFile(claim, JSON.stringify(claimant));
    const started = Date.now();
    const error = await refusal(lockDataDir(dir));
    expect(error.holder.pid).toBe(process.ppid);
    // It gave the takeover its time to finish before naming the taker.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(await readFile(lockPath(dir), "utf8")).toBe(stale);

    // The taker died mid-takeover: its claim is stale in turn.
    await writeFile(claim, JSON.stringify({ ...claimant, pid: await deadPid() }));
    const lock = await lockDataDir(dir);
    cleanups.push(() => lock.release());
    expect((await readLock(dir)).pid).toBe(process.pid);
    expect(await readdir(dir)).toEqual([LOCK_FILE_NAME]);
  });

  it("lets exactly one of several concurrent openers in one process take over a stale lock", async () => {
    const dir = await freshFolder();
    const dead = await deadPid();
    for (let round = 0; round < 20; round++) {
      await writeLock(dir, { pid: dead, nonce: `round${round}` });
      // Staggered by a few turns of the event loop (a file operation each), so some read the
      // stale lock while others are replacing it.
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, async (_, opener) => {
          for (let turn = 0; turn < opener * (round % 4); turn++) {
            await new Promise((done) => setImmediate(done));
          }
          return lockDataDir(dir);
        }),
      );
      const won = results.flatMap((result) =>
        result.status === "fulfilled" ? [result.value] : [],
      );
      expect(won, `round ${round}`).toHaveLength(1);
      for (const result of results) {
        if (result.status === "rejected") {
          expect(result.reason).toBeInstanceOf(DataDirInUseError);
          expect((result.reason as DataDirInUseError).holder.pid).toBe(process.pid);
        }
      }
      await won[0]?.release();
      expect(await readdir(dir)).toEqual([]);
    }
  });

  it("lets exactly one of several processes take over a stale lock at once; the others name it", async () => {
    const dir = await freshFolder();
    await writeLock(dir, { pid: await deadPid() });
    const holders = Array.from({ length: 4 }, () => new FolderHolder(dir));
    for (const holder of holders) cleanups.push(() => holder.kill());
    await Promise.all(holders.map((holder) => holder.ready()));
    const answers = await Promise.all(holders.map((holder) => holder.go()));

    const winners = answers.filter((answer) => answer.held);
    expect(winners).toHaveLength(1);
    const winner = winners[0]?.pid;
    for (const answer of answers.filter((each) => !each.held)) expect(answer.holder).toBe(winner);
    expect((await readLock(dir)).pid).toBe(winner);
    expect(await readdir(dir)).toEqual([LOCK_FILE_NAME]);
  });

  it("`pnpm db:migrate` refuses a folder in use in one line, migrating nothing; it reads DATA_DIR and PGLITE_DATA_DIR", async () => {
    const dir = await freshFolder();
    const holder = await FolderHolder.holding(dir, 3999);
    cleanups.push(() => holder.kill());
    const { DATABASE_URL: _url, DATA_DIR: _dir, PGLITE_DATA_DIR: _old, ...env } = process.env;
    const migrate = (extra: Record<string, string>) =>
      run("pnpm", ["run", "--silent", "db:migrate"], {
        cwd: packageDir,
        env: { ...env, ...extra },
      }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );

    const refused = await migrate({ DATA_DIR: dir });
    expect(refused.code).toBe(1);
    // pnpm adds its own "[ELIFECYCLE] Command failed" line to any script that fails.
    const lines = refused.stderr.trim().split("\n");
    expect(lines.filter((line) => !line.startsWith("[ELIFECYCLE]"))).toEqual([
      `columnline: data folder ${dir} is in use by pid ${holder.pid} (port 3999); ${REMEDY}`,
    ]);
    expect(await readdir(dir)).toEqual([LOCK_FILE_NAME]);

    await holder.stop();
    const applied = await migrate({ PGLITE_DATA_DIR: dir });
    expect(applied).toMatchObject({
      code: 0,
      stdout: `applied ${COMMITTED} of ${COMMITTED} migrations (the embedded database)\n`,
    });
    const files = await readdir(dir);
    expect(files).toContain("PG_VERSION");
    expect(files).not.toContain(LOCK_FILE_NAME);
  }, 90_000);
});

describe("dataDirFromEnv", () => {
  it("reads DATA_DIR, then PGLITE_DATA_DIR, relative to where pnpm ran", () => {
    expect(dataDirFromEnv({ INIT_CWD: "/repo", DATA_DIR: "data" })).toBe("/repo/data");
    expect(dataDirFromEnv({ INIT_CWD: "/repo", PGLITE_DATA_DIR: "/abs/pg" })).toBe("/abs/pg");
    expect(dataDirFromEnv({ INIT_CWD: "/repo", DATA_DIR: "a", PGLITE_DATA_DIR: "b" })).toBe(
      "/repo/a",
    );
    expect(dataDirFromEnv({ INIT_CWD: "/repo" })).toBe("/repo/.data/pglite");
    expect(dataDirFromEnv({})).toBe(join(process.cwd(), ".data/pglite"));
  });
});
