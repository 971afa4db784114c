import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { extract } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  initdbArchive,
  installedPgliteVersion,
  readInitdbManifest,
} from "../src/client/pglite/initdb-archive";
import { seedDataDir } from "../src/client/pglite/seed-data-dir";
import { EMBEDDED_SHARED_BUFFERS } from "../src/client/pglite/start-params";
import { createClient, createDb, type Database, getClient } from "../src/index";
import type { TestDb } from "../src/testing";
import { rows } from "./helpers";

const packageDir = join(import.meta.dirname, "..");
const journal = JSON.parse(
  await readFile(join(packageDir, "migrations/meta/_journal.json"), "utf8"),
) as { entries: unknown[] };

async function appliedMigrations(db: Database): Promise<number> {
  const [row] = await rows(
    db as TestDb,
    sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
  );
  return Number(row?.n);
}

async function setting(db: Database, name: string): Promise<string> {
  const [row] = await rows(db as TestDb, sql`SELECT current_setting(${name}) AS value`);
  return String(row?.value);
}

let parent: string;
beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), "cl-initdb-"));
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe("the shipped initdb archive", () => {
  it("was made by the installed PGlite (else: pnpm --filter @columnline/db db:initdb-archive)", async () => {
    const manifest = readInitdbManifest();
    expect(manifest.pglite).toBe(installedPgliteVersion());
    const unpacked = join(parent, "unpacked");
    await mkdir(unpacked);
    await extract({ file: initdbArchive, cwd: unpacked });
    expect((await readFile(join(unpacked, "PG_VERSION"), "utf8")).trim()).toBe(
      manifest.postgresMajor,
    );
    // A clean shutdown's folder: nothing of a running server, no lock of ours.
    const entries = await readdir(unpacked);
    expect(entries).not.toContain("postmaster.pid");
    expect(entries.filter((name) => name.startsWith("."))).toEqual([]);
  });

  it("holds no migrations: they are applied when the database opens, as on any folder", async () => {
    const archive = new Blob([await readFile(initdbArchive)], { type: "application/gzip" });
    const pglite = await PGlite.create({ loadDataDir: archive });
    try {
      const schemas = await pglite.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'drizzle'",
      );
      expect(schemas.rows[0]?.n).toBe(0);
      const version = await pglite.query<{ v: string }>(
        "SELECT current_setting('server_version_num') AS v",
      );
      expect(version.rows[0]?.v.slice(0, 2)).toBe(readInitdbManifest().postgresMajor);
    } finally {
      await pglite.close();
    }
  });
});

describe("a new data folder", () => {
  it("is seeded from the archive, migrated, and keeps its data across restarts", async () => {
    const dataDir = join(parent, "fresh", "pglite");
    const first = await createDb({ dataDir });
    try {
      // Owned by whoever runs the service (PostgreSQL's files must be its own).
      expect((await stat(join(dataDir, "PG_VERSION"))).uid).toBe(process.getuid?.());
      expect((await readdir(dataDir)).filter((name) => name.startsWith(".initdb-"))).toEqual([]);
      expect(await appliedMigrations(first)).toBe(journal.entries.length);
      await createClient(first, { clientId: "CLT_SEEDED_001", name: "Seeded" });
    } finally {
      await first.close();
    }
    expect(await seedDataDir(dataDir)).toBe(false);
    const second = await createDb({ dataDir });
    try {
      expect((await getClient(second, "CLT_SEEDED_001")).name).toBe("Seeded");
      expect(await appliedMigrations(second)).toBe(journal.entries.length);
    } finally {
      await second.close();
    }
  });

  it("keeps what its first process acknowledged when that process is SIGKILLed", async () => {
    const dataDir = join(parent, "killed");
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/write-then-wait.ts"], {
      cwd: packageDir,
      env: { ...process.env, DATA_DIR: dataDir, CLIENT_ID: "CLT_BEFORE_KILL_001" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const written = new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8");
        if (output.includes("written")) resolve();
      });
      child.stderr.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8");
      });
      child.on("exit", () => reject(new Error(`the child exited first:\n${output}`)));
    });
    await written;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    const reopened = await createDb({ dataDir });
    try {
      expect((await getClient(reopened, "CLT_BEFORE_KILL_001")).name).toBe(
        "Written before SIGKILL",
      );
    } finally {
      await reopened.close();
    }
  });

  it("left half-seeded by a crash is seeded again, and other files in it are kept", async () => {
    const dataDir = join(parent, "interrupted");
    // What a crash mid-seed leaves: a staging folder and some entries moved in, no PG_VERSION.
    await mkdir(join(dataDir, ".initdb-staging-1-deadbeef", "base"), { recursive: true });
    await mkdir(join(dataDir, "base", "1"), { recursive: true });
    await writeFile(join(dataDir, "base", "1", "junk"), "half a file");
    await writeFile(join(dataDir, "kept.txt"), "not PostgreSQL's");
    const db = await createDb({ dataDir });
    try {
      expect(await appliedMigrations(db)).toBe(journal.entries.length);
    } finally {
      await db.close();
    }
    const entries = await readdir(dataDir);
    expect(entries.filter((name) => name.startsWith(".initdb-"))).toEqual([]);
    expect(existsSync(join(dataDir, "base", "1", "junk"))).toBe(false);
    expect(await readFile(join(dataDir, "kept.txt"), "utf8")).toBe("not PostgreSQL's");
  });
});

describe("embedded settings", () => {
  it.each([
    ["in memory", () => createDb({ inMemory: true })],
    ["in a folder", () => createDb({ dataDir: join(parent, "settings") })],
  ])("%s: a small buffer pool, PGlite's own fsync setting", async (_where, open) => {
    const db = await open();
    try {
      expect(await setting(db, "shared_buffers")).toBe(EMBEDDED_SHARED_BUFFERS);
      // PGlite starts PostgreSQL with -F (fsync off): unchanged, durability is as before.
      expect(await setting(db, "fsync")).toBe("off");
    } finally {
      await db.close();
    }
  });
});
