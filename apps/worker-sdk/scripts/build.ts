/**
 * Builds dist/ for publishing: ESM JavaScript and declarations from tsc, with
 * the API's router type inlined so an app outside this monorepo needs neither
 * @columnline/api nor any workspace source. Steps:
 * 1. emit the API's declarations and turn its AppRouter into a self-contained one;
 * 2. prove the copy equals the real AppRouter (inputs, outputs, errors);
 * 3. compile src/ against the copy and put the copy in place of dist/app-router.d.ts;
 * 4. refuse a dist/ that still names a workspace package.
 */
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { clientRouterDeclaration } from "./router-declaration.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const workDir = join(packageDir, "node_modules/.cache/worker-sdk-build");
const distDir = join(packageDir, "dist");
const tscPath = join(
  dirname(createRequire(import.meta.url).resolve("typescript/package.json")),
  "bin/tsc",
);

function tsc(config: string): void {
  execFileSync(process.execPath, [tscPath, "-p", config], { cwd: packageDir, stdio: "inherit" });
}

function writeJson(path: string, value: unknown): string {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

rmSync(distDir, { recursive: true, force: true });
rmSync(workDir, { recursive: true, force: true });
mkdirSync(workDir, { recursive: true });
const base = relative(workDir, join(packageDir, "../../tsconfig.base.json"));

// 1. The API's declarations, then the client's copy of its router type.
const apiTypesDir = join(workDir, "api-types");
tsc(
  writeJson(join(workDir, "tsconfig.api.json"), {
    extends: base,
    compilerOptions: {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      rootDir: relative(workDir, join(packageDir, "../..")),
      outDir: "api-types",
    },
    files: [relative(workDir, join(packageDir, "../api/src/routers/app-router.ts"))],
  }),
);
const emitted = readFileSync(join(apiTypesDir, "apps/api/src/routers/app-router.d.ts"), "utf8");
const routerDeclaration = join(workDir, "app-router.d.ts");
writeFileSync(routerDeclaration, clientRouterDeclaration(emitted));

// 2. The copy must be the real router to a client: same inputs, outputs and error shape.
writeFileSync(
  join(workDir, "router-check.ts"),
  `import type { AppRouter as Real } from "@columnline/api";
import type { inferRouterError, inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter as Copy } from "./app-router.js";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type Checks = [
  Assert<Same<inferRouterInputs<Copy>, inferRouterInputs<Real>>>,
  Assert<Same<inferRouterOutputs<Copy>, inferRouterOutputs<Real>>>,
  Assert<Same<inferRouterError<Copy>, inferRouterError<Real>>>,
];
`,
);
tsc(
  writeJson(join(workDir, "tsconfig.check.json"), {
    extends: relative(workDir, join(packageDir, "tsconfig.json")),
    compilerOptions: { noEmit: true },
    include: [],
    files: ["router-check.ts"],
  }),
);

// 3. The SDK, compiled against the copy (so the copy is known to suffice), copy in place.
tsc(
  writeJson(join(workDir, "tsconfig.sdk.json"), {
    extends: relative(workDir, join(packageDir, "tsconfig.json")),
    compilerOptions: {
      noEmit: false,
      declaration: true,
      rootDir: relative(workDir, join(packageDir, "src")),
      outDir: relative(workDir, distDir),
      paths: { "@columnline/api": ["./app-router.d.ts"] },
    },
    include: [relative(workDir, join(packageDir, "src"))],
  }),
);
writeFileSync(join(distDir, "app-router.d.ts"), readFileSync(routerDeclaration, "utf8"));
chmodSync(join(distDir, "cli/main.js"), 0o755);

// 4. Every import in dist/ is an npm dependency or a file of dist/ itself, spelled as Node resolves it.
const npmDependencies = Object.keys(
  (
    JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    }
  ).dependencies ?? {},
);
const packageName = (specifier: string) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");
const problems = filesUnder(distDir).flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(/(?:from\s+|import\()\s*["']([^"']+)["']/g)]
    .map(([, specifier = ""]) => specifier)
    .filter((specifier) =>
      specifier.startsWith(".")
        ? !existsSync(join(dirname(file), specifier)) ||
          !join(dirname(file), specifier).startsWith(distDir)
        : !specifier.startsWith("node:") && !npmDependencies.includes(packageName(specifier)),
    )
    .map((specifier) => `${relative(packageDir, file)} imports ${specifier}`),
);
if (problems.length > 0)
  throw new Error(`dist/ is not self-contained:\n  ${problems.join("\n  ")}`);
console.log(
  `Built ${relative(process.cwd(), distDir) || "dist"}: ${filesUnder(distDir).length} files`,
);
