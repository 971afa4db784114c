import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { cpus, release, totalmem } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Sql } from "postgres";
import { benchDir, repoDir } from "./config";

const run = promisify(execFile);

export interface MachineInfo {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  postgres: string;
  pgbench: string;
  commit: string;
  packages: Record<string, string>;
}

async function packageVersion(fromDir: string, name: string): Promise<string> {
  try {
    const text = await readFile(join(fromDir, "node_modules", name, "package.json"), "utf8");
    return (JSON.parse(text) as { version: string }).version;
  } catch {
    return "?";
  }
}

async function commit(): Promise<string> {
  try {
    const head = await run("git", ["-C", repoDir, "rev-parse", "--short", "HEAD"]);
    const dirty = await run("git", ["-C", repoDir, "status", "--porcelain"]);
    return `${head.stdout.trim()}${dirty.stdout.trim() ? " (uncommitted changes)" : ""}`;
  } catch {
    return "?";
  }
}

/** What the numbers were measured on: they mean little without it. */
export async function describeMachine(
  sql: Sql,
  pgbenchPath: string,
  apiDir: string,
): Promise<MachineInfo> {
  const [server] = await sql<{ server_version: string }[]>`SHOW server_version`;
  const pgbench = await run(pgbenchPath, ["--version"]).then(
    (result) => result.stdout.trim(),
    () => "?",
  );
  const dbDir = join(repoDir, "packages/db");
  const versions: [string, string][] = [
    ["@trpc/server", apiDir],
    ["zod", apiDir],
    ["pino", apiDir],
    ["tsx", apiDir],
    ["drizzle-orm", dbDir],
    ["postgres", dbDir],
    ["@electric-sql/pglite", dbDir],
    ["autocannon", benchDir],
    ["esbuild", apiDir],
  ];
  const packages: Record<string, string> = {};
  for (const [name, dir] of versions) packages[name] = await packageVersion(dir, name);
  return {
    date: new Date().toISOString(),
    cpuModel: cpus()[0]?.model ?? "?",
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    postgres: server?.server_version ?? "?",
    pgbench,
    commit: await commit(),
    packages,
  };
}
