import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";

/**
 * Each workspace module keeps its own import.meta.url in the bundle, so paths
 * computed from it (the db package's migrations folder) still resolve to the
 * checkout's files.
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
  "import { createRequire as __bundleCreateRequire } from 'node:module';\n" +
  "const require = __bundleCreateRequire(import.meta.url);";

/**
 * Bundles a TypeScript entry (the service, or the bench's baseline) into one ESM
 * file that plain node runs without tsx's loader: tsx's loader thread and
 * transforms cost the service about 100 MB of RSS (bench/results). PGlite stays
 * external (it loads its WebAssembly next to its own files): `outfile` must be
 * where node_modules with @electric-sql/pglite can be found from.
 */
export async function bundleService(entry: string, outfile: string): Promise<string> {
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
  return outfile;
}
