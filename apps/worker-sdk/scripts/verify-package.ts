/**
 * Proves the published package works outside this monorepo: packs it as npm
 * would publish it, installs the tarball into a scratch project in the temp
 * directory, typechecks a consumer against dist/ (strict, nodenext, no
 * skipLibCheck), imports it at run time and runs the binary. Run
 * `pnpm build` first. Needs the npm registry for @trpc/* and typescript.
 * Usage: pnpm verify:package [typescript version, default 7.0.2]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const typescriptVersion = process.argv[2] ?? "7.0.2";
const scratch = mkdtempSync(join(tmpdir(), "columnline-sdk-consumer-"));

function run(command: string, args: string[], cwd = scratch): string {
  console.log(`$ ${command} ${args.join(" ")}`);
  return execFileSync(command, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
}

const CONSUMER = `import {
  createRunsClient,
  describeApiError,
  type Run,
  type RunsClient,
  type StepUsage,
  usageFromAnthropic,
  withRun,
} from "@columnline/worker-sdk";

const client: RunsClient = createRunsClient({
  baseUrl: process.env.COLUMNLINE_API_URL ?? "http://127.0.0.1:3000",
  apiKey: process.env.COLUMNLINE_API_KEY ?? "missing",
});

export async function costOf(runId: string): Promise<string> {
  const run: Run = await client.runs.get.query({ run_id: runId });
  const status: "pending" | "running" | "completed" | "failed" = run.status;
  void status;
  // @ts-expect-error run_identifier is not an input of runs.get: the router types are really there
  await client.runs.get.query({ run_identifier: runId }).catch(() => null);
  return run.total_cost;
}

export async function pipeline(): Promise<string> {
  const { run } = await withRun(client, { clientId: "CLT_ACME_001" }, async (scope) =>
    scope.step("research", async () => ({
      result: "notes",
      model: "gpt-4o",
      usage: { input_tokens: 3200, output_tokens: 850, cache_read_tokens: 1024 },
    })),
  );
  return run.total_cost;
}

const message = {
  type: "message",
  model: "claude-sonnet-4-5",
  usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
};

export async function fromResponse(): Promise<string> {
  const usage: StepUsage = usageFromAnthropic(message);
  const { result } = await withRun(client, { clientId: "CLT_ACME_001" }, async (scope) =>
    scope.step("write", message),
  );
  return \`\${result.model} \${usage.input_tokens}\`;
}

export const explain = (error: unknown): string => describeApiError(error).message;
`;

try {
  run("pnpm", ["pack", "--pack-destination", scratch], packageDir);
  const tarball = readdirSync(scratch).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error("pnpm pack wrote no tarball");
  writeFileSync(
    join(scratch, "package.json"),
    JSON.stringify({
      name: "outside-app",
      private: true,
      type: "module",
      dependencies: { "@columnline/worker-sdk": `file:./${tarball}` },
      devDependencies: { typescript: typescriptVersion, "@types/node": "20.19.43" },
    }),
  );
  writeFileSync(
    join(scratch, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "es2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        types: ["node"],
      },
      files: ["consumer.ts"],
    }),
  );
  writeFileSync(join(scratch, "consumer.ts"), CONSUMER);
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"]);
  const installed = run("node", [
    "-p",
    "JSON.stringify(require('./node_modules/@columnline/worker-sdk/package.json'))",
  ]);
  const manifest = JSON.parse(installed) as Record<string, unknown>;
  console.log(
    "installed exports:",
    JSON.stringify(manifest.exports),
    "bin:",
    JSON.stringify(manifest.bin),
  );
  run("npx", ["tsc", "-p", "tsconfig.json"]);
  console.log("typecheck: ok");
  const exported = run("node", [
    "--input-type=module",
    "-e",
    "const m = await import('@columnline/worker-sdk'); console.log(Object.keys(m).sort().join(' '))",
  ]);
  console.log("runtime exports:", exported.trim());
  const help = run("npx", ["columnline-runs", "--help"]);
  console.log("binary:", help.split("\n")[0]);
  console.log(
    `OK: an outside app installs, typechecks against and runs @columnline/worker-sdk (TypeScript ${typescriptVersion})`,
  );
} finally {
  if (!process.env.KEEP_SCRATCH) rmSync(scratch, { recursive: true, force: true });
}
