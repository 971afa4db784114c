import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { readProcMemoryMB } from "./proc-memory";

export interface ServerSpec {
  label: string;
  /** Node flags and the entry file, e.g. ["--import", "tsx", "src/main.ts"]. */
  nodeArgs: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  port: number;
  /** Where the server's stdout and stderr go: logs are written as in production, not dropped. */
  logFile: string;
  readyTimeoutMs?: number;
  /** How often /healthz is tried while the server starts (default 100 ms). */
  pollMs?: number;
}

export interface ServerProcess {
  pid: number;
  url: string;
  /** VmHWM now: the process's peak resident set so far. */
  peakRssMB(): Promise<number | null>;
  /** SIGTERM, then waits for a graceful exit (the API writes its CPU profile on exit). */
  stop(): Promise<void>;
}

/** Starts a server as its own node process and waits until GET /healthz answers 200. */
export async function startServer(spec: ServerSpec): Promise<ServerProcess> {
  const log = openSync(spec.logFile, "a");
  const child = spawn(process.execPath, spec.nodeArgs, {
    cwd: spec.cwd,
    env: spec.env,
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const url = `http://127.0.0.1:${spec.port}`;
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${spec.label}: could not spawn node`);
  await waitUntilHealthy(spec, child, url);
  return {
    pid,
    url,
    peakRssMB: () => readProcMemoryMB(pid, "VmHWM"),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timeout = sleep(20_000).then(() => "timeout" as const);
      if ((await Promise.race([exited, timeout])) === "timeout") {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}

async function waitUntilHealthy(spec: ServerSpec, child: ChildProcess, url: string) {
  const deadline = Date.now() + (spec.readyTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${spec.label} exited with ${child.exitCode}:\n${logTail(spec.logFile)}`);
    }
    const healthy = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await sleep(spec.pollMs ?? 100);
  }
  child.kill("SIGKILL");
  throw new Error(`${spec.label} did not answer /healthz in time:\n${logTail(spec.logFile)}`);
}

function logTail(file: string): string {
  return readFileSync(file, "utf8").split("\n").slice(-20).join("\n");
}
