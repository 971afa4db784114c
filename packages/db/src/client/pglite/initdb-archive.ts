import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A data folder exactly as PGlite's initdb leaves it (no migrations: those are applied at
 * start, as on any folder), made by `pnpm db:initdb-archive` (src/cli/make-initdb-archive.ts)
 * with the PGlite version in its manifest. test/initdb-archive.test.ts fails when the
 * installed PGlite is another version: rerun the script then.
 */
export const initdbArchiveDir = fileURLToPath(new URL("../../../pglite-initdb", import.meta.url));
export const initdbArchive = join(initdbArchiveDir, "pgdata.tar.gz");
export const initdbManifestFile = join(initdbArchiveDir, "manifest.json");

export interface InitdbManifest {
  /** The @electric-sql/pglite version whose initdb made the archive. */
  pglite: string;
  /** The folder's PG_VERSION (PostgreSQL's major version). */
  postgresMajor: string;
}

export function readInitdbManifest(): InitdbManifest {
  return JSON.parse(readFileSync(initdbManifestFile, "utf8")) as InitdbManifest;
}

/** The version of @electric-sql/pglite this package resolves (its exports hide package.json). */
export function installedPgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const manifest = join(dirname(entry), "..", "package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}
