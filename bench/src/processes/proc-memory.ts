import { readFile } from "node:fs/promises";

/**
 * A field of /proc/<pid>/status in MB (10^6 bytes, as the 200 MB target):
 * VmHWM is the peak resident set, VmRSS the current one.
 */
export async function readProcMemoryMB(
  pid: number,
  field: "VmHWM" | "VmRSS",
): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match?.[1] ? (Number(match[1]) * 1024) / 1e6 : null;
  } catch {
    return null;
  }
}
