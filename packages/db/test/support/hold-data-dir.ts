/**
 * A process that takes a data folder's lock, for tests of what other processes see:
 * `node --import tsx test/support/hold-data-dir.ts <dataDir> [port]`. It prints a JSON line
 * when ready, waits for a line on stdin (so several can be let go at once), tries, prints a
 * JSON line saying whether it holds the folder, then holds it until stdin closes (exit 0),
 * or exits 1 if refused.
 */
import { createInterface } from "node:readline";
import { DataDirInUseError } from "../../src/client/data-dir-in-use-error";
import { lockDataDir } from "../../src/client/data-dir-lock";

const [dataDir, port] = process.argv.slice(2);
if (!dataDir) throw new Error("usage: hold-data-dir.ts <dataDir> [port]");

const lines = createInterface({ input: process.stdin });
const iterator = lines[Symbol.asyncIterator]();
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
await iterator.next();
try {
  const lock = await lockDataDir(dataDir, { port: port ? Number(port) : null });
  process.stdout.write(`${JSON.stringify({ held: true, pid: process.pid })}\n`);
  // Hold until stdin closes.
  while (!(await iterator.next()).done) {}
  await lock.release();
} catch (error) {
  if (!(error instanceof DataDirInUseError)) throw error;
  const refusal = {
    held: false,
    pid: process.pid,
    holder: error.holder.pid,
    message: error.message,
  };
  process.stdout.write(`${JSON.stringify(refusal)}\n`);
  process.exitCode = 1;
}
