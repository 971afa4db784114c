/**
 * A client generated from the live OpenAPI document with openapi-typescript, driven through
 * openapi-fetch: the generated types and a Make.com-like flow (generated-client/flow.ts) are
 * typechecked with the repository's `tsc` under strict settings, where one deliberately wrong
 * field type must be rejected, then the flow runs against the real server on each engine.
 */
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { testEngines } from "@columnline/db/testing";
import openapiTS, { astToString } from "openapi-typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, startTestApi, type TestApi } from "../harness";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const apiDir = resolve(here, "../..");
const tsc = resolve(apiDir, "../../node_modules/.bin/tsc");
const tsx = resolve(apiDir, "node_modules/.bin/tsx");

/** Output of a process that failed, for the assertion message. */
function outputOf(error: unknown): string {
  const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
  return `${stdout}${stderr}` || String(error);
}

describe.each(testEngines())("a client generated from the live document (%s)", (engine) => {
  let api: TestApi;
  // Inside apps/api, so that the flow resolves openapi-fetch and @types/node from there.
  const folder = join(apiDir, ".vitest-tmp", `generated-client-${engine}-${process.pid}`);

  beforeAll(async () => {
    api = await startTestApi(engine);
    const document = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as Parameters<
      typeof openapiTS
    >[0];
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "columnline.ts"), astToString(await openapiTS(document)));
    copyFileSync(join(here, "generated-client", "flow.ts"), join(folder, "flow.ts"));
    writeFileSync(join(folder, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(
      join(folder, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "es2022",
          lib: ["es2023", "dom"],
          module: "nodenext",
          moduleResolution: "nodenext",
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          verbatimModuleSyntax: true,
          skipLibCheck: false,
          types: ["node"],
          noEmit: true,
        },
        files: ["columnline.ts", "flow.ts"],
      }),
    );
  });
  afterAll(async () => {
    await api?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("typechecks the generated types and the flow strictly", async () => {
    const typecheck = await run(tsc, ["-p", folder], { cwd: folder }).then(
      () => "",
      (error: unknown) => outputOf(error),
    );
    expect(typecheck).toBe("");
  });

  it("runs the flow against the server", async () => {
    const flow = await run(tsx, [join(folder, "flow.ts")], {
      cwd: folder,
      env: { ...process.env, COLUMNLINE_API_URL: api.url, COLUMNLINE_API_KEY: ADMIN_KEY },
    }).then(
      ({ stdout }) => stdout,
      (error: unknown) => outputOf(error),
    );
    expect(flow).toMatch(/^flow ok: RUN_\d{8}_\d{6}/);
  });
});
