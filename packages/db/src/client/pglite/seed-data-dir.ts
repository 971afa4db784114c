import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { extract } from "tar";
import { initdbArchive } from "./initdb-archive";

/** Where the archive is unpacked before its entries move into the folder. */
const STAGING_PREFIX = ".initdb-staging-";

/**
 * Lays the shipped initdb output into `dataDir` when it holds no database yet (no PG_VERSION,
 * which is how PGlite tells), so PGlite opens it as an existing folder instead of running
 * initdb: that runs a second PostgreSQL in this process, which copies its whole WebAssembly
 * memory: the service peaked at ~910 MB and held ~870 MB until a later GC
 * (bench/results/latest.md, "Memory"). Unpacking the 4.5 MB archive takes ~0.4 s.
 *
 * A crash halfway leaves no folder that looks like a database: the archive is unpacked aside
 * (inside the folder, on the same file system) and moved in entry by entry, PG_VERSION last.
 * Entries that are there without PG_VERSION are what such a crash left (they bear PostgreSQL's
 * own names), and are replaced; anything else in the folder (a lock file) is left alone.
 * Nothing is fsynced, as PGlite's own initdb does not either.
 * Returns whether it seeded the folder.
 */
export async function seedDataDir(dataDir: string): Promise<boolean> {
  if (existsSync(join(dataDir, "PG_VERSION"))) return false;
  await removeStaging(dataDir);
  const staging = join(
    dataDir,
    `${STAGING_PREFIX}${process.pid}-${randomBytes(4).toString("hex")}`,
  );
  await mkdir(staging, { mode: 0o700 });
  try {
    // Synchronous: 0.4 s instead of 1.2 s for its ~1,000 small files, before the service serves.
    // Owned by whoever runs the service, root or not (tar would chown to the archive's 0:0).
    extract({ file: initdbArchive, cwd: staging, strict: true, sync: true, preserveOwner: false });
    if (!(await readFile(join(staging, "PG_VERSION"), "utf8")).trim()) {
      throw new Error(`${initdbArchive} has no PG_VERSION`);
    }
    const entries = (await readdir(staging)).filter((name) => name !== "PG_VERSION");
    for (const name of entries) {
      await rm(join(dataDir, name), { recursive: true, force: true });
      await rename(join(staging, name), join(dataDir, name));
    }
    await rename(join(staging, "PG_VERSION"), join(dataDir, "PG_VERSION"));
    return true;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Staging folders of seeds that a crash interrupted. */
async function removeStaging(dataDir: string): Promise<void> {
  for (const name of await readdir(dataDir)) {
    if (name.startsWith(STAGING_PREFIX)) {
      await rm(join(dataDir, name), { recursive: true, force: true });
    }
  }
}
