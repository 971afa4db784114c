import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { benchDir } from "../config";
import type { LoadResult, LoadSpec } from "./load-spec";

const driverFile = fileURLToPath(new URL("./load-driver.ts", import.meta.url));

/** Runs the autocannon driver in its own node process and returns what it measured. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", driverFile, JSON.stringify(spec)], {
      cwd: benchDir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !last.startsWith("{")) {
        reject(new Error(`load driver exited with ${code}:\n${stderr}${stdout}`));
        return;
      }
      resolve(JSON.parse(last) as LoadResult);
    });
  });
}
