import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  createTestDatabase,
  dropTestDatabase,
  testEngines,
  urlForDatabase,
} from "@columnline/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleService } from "../build/bundle";
import { freePort, newAdminKey, Service } from "./support/service";

const API_DIR = resolve(import.meta.dirname, "..");

// `pnpm start` runs this bundle on plain node: migrations and PGlite must resolve from it.
describe.each(testEngines())("the bundled service, as pnpm start runs it (%s)", (engine) => {
  let outDir: string;
  let dataDir: string;
  let databaseName: string | null = null;
  let bundle: string;
  beforeAll(async () => {
    // Inside apps/api, so the bundle finds PGlite in apps/api/node_modules like dist/ does.
    await mkdir(join(API_DIR, "dist"), { recursive: true });
    outDir = await mkdtemp(join(API_DIR, "dist", "test-"));
    dataDir = await mkdtemp(join(tmpdir(), "columnline-bundle-"));
    bundle = await bundleService(join(API_DIR, "src/main.ts"), join(outDir, "main.mjs"));
    if (engine === "postgres") databaseName = await createTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
    if (databaseName) await dropTestDatabase(databaseName);
  });

  it("migrates a fresh database, records a step and stops cleanly", async () => {
    const serverUrl = process.env.DATABASE_URL;
    const adminKey = newAdminKey();
    const service = await Service.start({
      port: await freePort(),
      adminKey,
      dataDir,
      databaseUrl: databaseName && serverUrl ? urlForDatabase(serverUrl, databaseName) : undefined,
      logLevel: "info",
      nodeArgs: [bundle],
    });
    try {
      const call = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(`${service.url}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return {
          status: response.status,
          json: (await response.json()) as Record<string, unknown>,
        };
      };
      expect((await call("POST", "/clients", { client_id: "CLT_BUNDLE", name: "B" })).status).toBe(
        201,
      );
      const run = await call("POST", "/runs", { client_id: "CLT_BUNDLE", status: "running" });
      expect(run.status).toBe(201);
      const step = await call("POST", `/runs/${run.json.run_id}/steps`, {
        step_id: "s1",
        model: "gpt-4o",
        usage: { input_tokens: 1000, output_tokens: 500 },
      });
      expect(step).toMatchObject({ status: 201, json: { run: { total_cost: "0.0075" } } });
      // The dashboard (built or not) answers HTML at /, never a JSON 404.
      const page = await fetch(`${service.url}/`);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(page.headers.get("content-security-policy")).toMatch(/^default-src 'self'/);
    } finally {
      expect(await service.stop()).toEqual({ code: 0, signal: null });
    }
    expect(service.logLines().find((line) => line.msg === "stopped")).toMatchObject({ steps: 1 });
    // The bundle looks for the dashboard in this checkout, as the sources do.
    const listening = service.logLines().find((line) => "dashboardDir" in line);
    expect(listening?.dashboardDir).toBe(resolve(API_DIR, "../dashboard/dist"));
  }, 90_000);
});
