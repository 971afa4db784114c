import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/**
 * Enough about a process to tell later, from another process, whether it still runs: a pid
 * alone is not, since pids are reused (after a reboot, or once the counter wraps).
 */
export interface ProcessIdentity {
  pid: number;
  hostname: string;
  /** Linux's boot_id: a process recorded under another one ran before the last boot. */
  bootId: string | null;
  /** Linux: /proc/<pid>/stat field 22, clock ticks from boot to the process's start. */
  startTicks: string | null;
}

/**
 * What became of a recorded process: still running, gone, on another host (where neither its
 * pid nor its start can be checked), or "this-process": our pid, with no start time to tell
 * whether it is us now or an earlier process with the same pid.
 */
export type ProcessFate = "running" | "gone" | "this-process" | "other-host";

function readProcFile(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

const bootId = readProcFile("/proc/sys/kernel/random/boot_id")?.trim() || null;

/** State (field 3) and start time (field 22) from /proc/<pid>/stat; null off Linux or if gone. */
function procStat(pid: number): { state: string; startTicks: string } | null {
  const stat = readProcFile(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // Field 2, the command name, is in parentheses and may itself hold spaces and ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const [state, startTicks] = [fields[0], fields[19]];
  return state && startTicks ? { state, startTicks } : null;
}

/** When a process started, in clock ticks after boot (Linux); null elsewhere or if it is gone. */
export function processStartTicks(pid: number): string | null {
  return procStat(pid)?.startTicks ?? null;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user. Anything else unexpected: assume it runs.
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

let self: ProcessIdentity | null = null;

export function thisProcess(): ProcessIdentity {
  self ??= {
    pid: process.pid,
    hostname: hostname(),
    bootId,
    startTicks: processStartTicks(process.pid),
  };
  return self;
}

/**
 * Whether a recorded process still runs. On Linux the boot id and the start time tell a
 * reused pid from the recorded process; elsewhere a live pid counts as running, so a pid
 * reused after a power loss looks busy there (the refusal names it; see data-dir-lock.ts).
 */
export function fateOf(recorded: ProcessIdentity): ProcessFate {
  const me = thisProcess();
  if (recorded.hostname !== me.hostname) return "other-host";
  if (recorded.bootId !== null && me.bootId !== null && recorded.bootId !== me.bootId) {
    return "gone";
  }
  if (recorded.pid === me.pid) {
    // The same pid and start: this very process. Another start: an earlier life of the pid
    // (a container's pid 1 after a restart, say). Unknown start: the caller must know.
    if (recorded.startTicks === null || me.startTicks === null) return "this-process";
    return recorded.startTicks === me.startTicks ? "running" : "gone";
  }
  if (!pidExists(recorded.pid)) return "gone";
  const stat = procStat(recorded.pid);
  // A zombie has exited; it only waits for its parent to read its status.
  if (stat?.state === "Z") return "gone";
  if (stat && recorded.startTicks !== null && stat.startTicks !== recorded.startTicks) {
    return "gone";
  }
  return "running";
}
