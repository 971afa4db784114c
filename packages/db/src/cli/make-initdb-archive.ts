// `pnpm db:initdb-archive`: remakes pglite-initdb/ (the data folder PGlite's initdb makes,
// which the embedded engine unpacks on first start instead of running initdb). Run it after
// upgrading @electric-sql/pglite; test/initdb-archive.test.ts says when.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { create } from "tar";
import {
  type InitdbManifest,
  initdbArchive,
  initdbArchiveDir,
  initdbManifestFile,
  installedPgliteVersion,
} from "../client/pglite/initdb-archive";

/** Left by a running server; a clean shutdown removes them, but never ship one. */
const RUNTIME_FILES = new Set(["postmaster.pid", "postmaster.opts"]);

const folder = await mkdtemp(join(tmpdir(), "cl-initdb-"));
try {
  // PGlite's own initdb, then a clean shutdown (a checkpoint): the archive needs no recovery.
  const pglite = await PGlite.create({ dataDir: folder });
  await pglite.close();
  const entries = (await readdir(folder)).filter((name) => !RUNTIME_FILES.has(name)).sort();
  await mkdir(initdbArchiveDir, { recursive: true });
  // portable: no owner names or ids; a fixed mtime: the archive changes only with its content.
  await create(
    { file: initdbArchive, cwd: folder, gzip: { level: 9 }, portable: true, mtime: new Date(0) },
    entries,
  );
  const manifest: InitdbManifest = {
    pglite: installedPgliteVersion(),
    postgresMajor: (await readFile(join(folder, "PG_VERSION"), "utf8")).trim(),
  };
  await writeFile(initdbManifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(
    `wrote ${initdbArchive} (PGlite ${manifest.pglite}, PostgreSQL ${manifest.postgresMajor})`,
  );
} finally {
  await rm(folder, { recursive: true, force: true });
}
