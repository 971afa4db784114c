/**
 * Every start-up failure is one line on stderr that says what is wrong and what to do, then
 * exit 1, through the real binary; the stack only with LOG_LEVEL=debug. And what a start
 * reads: `.env` from the folder it was started in, and the address it really listens on.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { urlForDatabase } from "@columnline/db/testing";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, newAdminKey, Service, type ServiceOptions } from "./support/service";

const serverUrl = process.env.DATABASE_URL;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "columnline-start-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A start that must fail: its exit and the lines it wrote on stderr. */
async function failedStart(options: Partial<ServiceOptions>) {
  const service = Service.spawn({ port: await freePort(), dataDir: await tempDir(), ...options });
  cleanups.push(() => service.kill());
  const exit = await service.exited;
  return { exit, lines: service.stderr.trim().split("\n"), stdout: service.stdout };
}

function withDatabase(name: string, user?: string): string {
  const url = new URL(urlForDatabase(serverUrl ?? "", name));
  if (user) url.username = user;
  return url.toString();
}

describe("start-up failures, one line each", () => {
  it("bad settings: every bad one named on one line", async () => {
    const { exit, lines } = await failedStart({
      env: { STEP_BATCH_SIZE: "33", RUN_TIMEOUT: "soon" },
    });
    expect(exit).toEqual({ code: 1, signal: null });
    expect(lines).toEqual([
      "columnline: invalid settings: RUN_TIMEOUT must be a duration such as 6h, 30m or 90s; STEP_BATCH_SIZE must be 1 to 32 (set them in the environment or .env)",
    ]);
  });

  it("bad dashboard settings: SESSION_TTL and DASHBOARD_ORIGINS named", async () => {
    const { exit, lines } = await failedStart({
      env: {
        SESSION_TTL: "forever",
        DASHBOARD_ORIGINS: "http://localhost:5173, localhost:5173/app",
      },
    });
    expect(exit).toEqual({ code: 1, signal: null });
    expect(lines).toEqual([
      "columnline: invalid settings: SESSION_TTL must be a duration such as 6h, 30m or 90s; DASHBOARD_ORIGINS must list origins such as http://localhost:5173 (got localhost:5173/app) (set them in the environment or .env)",
    ]);
  });

  it("nothing listening at DATABASE_URL: names the address and the fix", async () => {
    const { exit, lines } = await failedStart({
      databaseUrl: "postgres://postgres@127.0.0.1:1/columnline",
    });
    expect(exit.code).toBe(1);
    expect(lines).toEqual([
      "columnline: no PostgreSQL at 127.0.0.1:1 (connection refused); start it, or fix DATABASE_URL, or unset it to use the embedded database",
    ]);
  });

  it("a HOST that is not this machine's: names the setting", async () => {
    const { exit, lines } = await failedStart({ env: { HOST: "192.0.2.1" } });
    expect(exit.code).toBe(1);
    expect(lines).toEqual([
      "columnline: HOST 192.0.2.1 is not an address of this machine; set HOST (127.0.0.1, or 0.0.0.0 for every interface)",
    ]);
  });

  it("LOG_LEVEL=debug adds the stack under the line", async () => {
    const { exit, lines } = await failedStart({
      databaseUrl: "postgres://postgres@127.0.0.1:1/columnline",
      logLevel: "debug",
    });
    expect(exit.code).toBe(1);
    expect(lines[0]).toMatch(/^columnline: no PostgreSQL at 127\.0\.0\.1:1/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).join("\n")).toMatch(/\n\s+at /);
  });
});

describe.skipIf(!serverUrl)("start-up failures on PostgreSQL, one line each", () => {
  it("a database that does not exist: the createdb command that creates it", async () => {
    const name = `cl_test_missing_${randomBytes(4).toString("hex")}`;
    const { exit, lines } = await failedStart({ databaseUrl: withDatabase(name) });
    expect(exit.code).toBe(1);
    const at = new URL(serverUrl ?? "");
    expect(lines).toEqual([
      `columnline: database ${name} does not exist on ${at.hostname}:${at.port || "5432"}; create it with: createdb ${name}`,
    ]);
  });

  it("a role the server refuses: names the role and the setting", async () => {
    const role = `cl_test_nobody_${randomBytes(4).toString("hex")}`;
    const { exit, lines } = await failedStart({ databaseUrl: withDatabase("postgres", role) });
    expect(exit.code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^columnline: PostgreSQL at .* refused role ${role} \\(role "${role}" does not exist\\); fix DATABASE_URL`,
      ),
    );
  });
});

describe("what a start reads and says", () => {
  it("reads .env from the folder it was started in; the real environment wins", async () => {
    const folder = await tempDir();
    const port = await freePort();
    const adminKey = newAdminKey();
    await writeFile(
      join(folder, ".env"),
      [`ADMIN_API_KEY=${adminKey}`, "RUN_TIMEOUT=soon", `DATA_DIR=${join(folder, "data")}`].join(
        "\n",
      ),
    );
    // RUN_TIMEOUT from the file is bad, but the environment's own value wins over it.
    const service = await Service.start({
      port,
      env: { INIT_CWD: folder, RUN_TIMEOUT: "1h" },
      logLevel: "info",
    });
    cleanups.push(() => service.kill());
    const ready = await fetch(`${service.url}/readyz`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(ready.status).toBe(200);
    await service.stop();
    const listening = service.logLines().find((line) => /listening on/.test(String(line.msg)));
    expect(listening).toMatchObject({
      msg: `Columnline Runs API listening on http://127.0.0.1:${port}`,
      address: `http://127.0.0.1:${port}`,
      dataDir: join(folder, "data"),
    });
  });

  it("logs the address it really listens on: 0.0.0.0 when HOST says so", async () => {
    const port = await freePort();
    const service = await Service.start({
      port,
      adminKey: newAdminKey(),
      dataDir: await tempDir(),
      logLevel: "info",
      env: { HOST: "0.0.0.0" },
    });
    cleanups.push(() => service.kill());
    await service.stop();
    const listening = service.logLines().find((line) => /listening on/.test(String(line.msg)));
    expect(listening?.msg).toBe(`Columnline Runs API listening on http://0.0.0.0:${port}`);
  });
});
