import { existsSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { bundleService } from "@columnline/api/bundle";
import { benchDir } from "../config";

/**
 * Bundles a TypeScript entry into one ESM file under `outDir` with the API's own
 * bundler (what `pnpm start` runs), so the server runs on plain node. PGlite stays
 * external: found through a node_modules link next to the bundle.
 */
export async function bundleEntry(entry: string, outDir: string, name: string): Promise<string> {
  const outfile = await bundleService(entry, join(outDir, "build", `${name}.mjs`));
  const modules = join(outDir, "node_modules");
  if (!existsSync(modules)) symlinkSync(join(benchDir, "node_modules"), modules, "dir");
  return outfile;
}
