import { existsSync, symlinkSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";
import { benchDir } from "../config";

/**
 * Each workspace module keeps its own import.meta.url in the bundle, so
 * paths computed from it (the db package's migrations folder) still resolve.
 */
const keepModuleUrls: Plugin = {
  name: "keep-module-urls",
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes("/node_modules/")) return undefined;
      const source = await readFile(args.path, "utf8");
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: source.replaceAll("import.meta.url", url), loader: "ts" };
    });
  },
};

// Bundled CommonJS (pino, postgres' helpers) calls require() for node builtins.
const requireShim =
  "import { createRequire as __benchCreateRequire } from 'node:module';\n" +
  "const require = __benchCreateRequire(import.meta.url);";

/**
 * Bundles a TypeScript entry into one ESM file under `outDir`, so the server
 * runs on plain node without tsx's loader. PGlite stays external: it loads
 * its WebAssembly relative to its own files, found through a node_modules link.
 */
export async function bundleEntry(entry: string, outDir: string, name: string): Promise<string> {
  const outfile = join(outDir, "build", `${name}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["@electric-sql/pglite"],
    banner: { js: requireShim },
    plugins: [keepModuleUrls],
    logLevel: "error",
  });
  const modules = join(outDir, "node_modules");
  if (!existsSync(modules)) symlinkSync(join(benchDir, "node_modules"), modules, "dir");
  return outfile;
}
