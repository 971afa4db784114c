import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../../src/rest/openapi-document";
import { collectRestRoutes } from "../../src/rest/rest-routes";
import { appRouter } from "../../src/routers/app-router";

const run = promisify(execFile);
const apiRoot = join(import.meta.dirname, "../..");

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; message: string }[];
}

describe("Redocly lint (recommended rules, apps/api/redocly.yaml)", () => {
  it("finds no errors and no warnings in the document", async () => {
    const folder = await mkdtemp(join(tmpdir(), "columnline-openapi-"));
    try {
      const file = join(folder, "openapi.json");
      const document = buildOpenApiDocument(
        collectRestRoutes(appRouter),
        "0.1.0",
        "http://127.0.0.1:3000",
      );
      await writeFile(file, JSON.stringify(document));
      const { stdout } = await run(
        join(apiRoot, "node_modules/.bin/redocly"),
        ["lint", file, "--config", join(apiRoot, "redocly.yaml"), "--format", "json"],
        {
          cwd: apiRoot,
          env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
        },
      ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
      const report = JSON.parse(stdout) as LintReport;
      expect(report.problems.map((problem) => `${problem.ruleId}: ${problem.message}`)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
