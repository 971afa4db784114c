/**
 * The real service as a child process (`node --import tsx src/main.ts`, what `pnpm dev` runs;
 * bundle.test.ts runs the bundle `pnpm start` builds), with its stdout and stderr kept so tests
 * can read its logs, and kill it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { resolve } from "node:path";

const API_DIR = resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

export const newAdminKey = () => `reliability-admin-${randomBytes(16).toString("hex")}`;

export interface ServiceOptions {
  port: number;
  /** ADMIN_API_KEY; without it a fresh install bootstraps (and prints) an admin key. */
  adminKey?: string | undefined;
  /** PostgreSQL database URL; without it the service runs on PGlite in dataDir. */
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  logLevel?: string;
  nodeEnv?: string;
  /** Further settings, e.g. STEP_BATCH_IN_FLIGHT. */
  env?: Record<string, string>;
  /** node's arguments; default `--import tsx src/main.ts` (`pnpm dev`). */
  nodeArgs?: string[];
}

export class Service {
  readonly child: ChildProcess;
  readonly url: string;
  stdout = "";
  stderr = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly options: ServiceOptions) {
    // Only what the service needs: no DATABASE_URL of the test runner's server leaks through.
    const {
      DATABASE_URL: _url,
      ADMIN_API_KEY: _key,
      DATA_DIR: _dir,
      PGLITE_DATA_DIR: _oldDir,
      ...inherited
    } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      NODE_ENV: options.nodeEnv ?? "production",
      PORT: String(options.port),
      HOST: "127.0.0.1",
      // Where `.env` is read from: a folder that has none, so a developer's own never leaks in.
      INIT_CWD: resolve(API_DIR, "test"),
      ...(options.adminKey ? { ADMIN_API_KEY: options.adminKey } : {}),
      LOG_LEVEL: options.logLevel ?? "warn",
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
      ...options.env,
    };
    this.url = `http://127.0.0.1:${options.port}`;
    this.child = spawn(process.execPath, options.nodeArgs ?? ["--import", "tsx", "src/main.ts"], {
      cwd: API_DIR,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout?.on("data", (chunk: Buffer) => {
      this.stdout += chunk.toString("utf8");
    });
    this.child.stderr?.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString("utf8");
    });
    this.exited = new Promise((done) =>
      this.child.on("exit", (code, signal) => done({ code, signal })),
    );
  }

  /** Starts the process without waiting for it to serve: for starts that must fail. */
  static spawn(options: ServiceOptions): Service {
    return new Service(options);
  }

  /** Starts the service and resolves once /healthz answers. */
  static async start(options: ServiceOptions, timeoutMs = 60_000): Promise<Service> {
    const service = new Service(options);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (service.child.exitCode !== null || service.child.signalCode !== null) {
        throw new Error(`the service exited at start:\n${service.stderr}\n${service.stdout}`);
      }
      const up = await fetch(`${service.url}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (up) return service;
      if (Date.now() > deadline) {
        service.child.kill("SIGKILL");
        throw new Error(`the service did not start in ${timeoutMs} ms:\n${service.stderr}`);
      }
      await sleep(50);
    }
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL: no shutdown, no draining, no closing of the database. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill("SIGKILL");
    await this.exited;
  }

  /** SIGTERM, then SIGKILL if it has not exited within timeoutMs. */
  async stop(timeoutMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Everything the process wrote, both streams. */
  get output(): string {
    return `${this.stdout}\n${this.stderr}`;
  }

  /** The JSON log lines on stdout. */
  logLines(): Record<string, unknown>[] {
    return this.stdout
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
