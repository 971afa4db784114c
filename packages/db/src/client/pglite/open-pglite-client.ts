import { readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { initdbArchive } from "./initdb-archive";
import { seedDataDir } from "./seed-data-dir";
import { pgliteStartParams } from "./start-params";
import { keepWasmOnBaselineTier } from "./wasm-tiering";

/**
 * Starts PGlite on a folder (seeded from the shipped initdb archive if it has no database
 * yet) or, for null, in memory from the same archive, with the memory settings of
 * start-params.ts and wasm-tiering.ts. Either way PGlite's initdb never runs in this process.
 */
export async function openPgliteClient(dataDir: string | null): Promise<PGlite> {
  keepWasmOnBaselineTier();
  const startParams = pgliteStartParams();
  if (dataDir === null) {
    const archive = new Blob([await readFile(initdbArchive)], { type: "application/gzip" });
    return PGlite.create({ loadDataDir: archive, startParams });
  }
  await seedDataDir(dataDir);
  return PGlite.create({ dataDir, startParams });
}
