import { readFile } from "node:fs/promises";

/** The parts of V8's .cpuprofile JSON (node --cpu-prof) this bench reads. */
interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  /** Share of the window's non-idle samples. */
  share: number;
  ms: number;
}

export interface ProfileSummary {
  windowSec: number;
  /** Share of the window the process was not idle (one core = 1.0). */
  busyShare: number;
  topFunctions: SelfTime[];
  byOwner: SelfTime[];
  /** Our own functions (the workspace packages) by inclusive time: themselves plus callees. */
  ourInclusive: SelfTime[];
}

/** Who owns a frame: a package, one of our workspace packages, node's internals, or V8. */
export function frameOwner(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pnpm?.[1]) return pnpm[1];
  const workspace = /\/(apps|packages|bench)\/([^/]+)\/src\//.exec(url);
  if (workspace?.[2]) return `@columnline/${workspace[2]}`;
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[1] ?? url.slice(5)}`;
  return url.split("/").slice(-2).join("/");
}

function shortUrl(url: string): string {
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/(.*)$/.exec(url);
  if (pnpm?.[1]) return pnpm[1];
  const workspace = /\/((?:apps|packages|bench)\/.*)$/.exec(url);
  return workspace?.[1] ?? url.replace(/^file:\/\//, "");
}

/** The workspace functions on a sample's stack, each once (recursion is not double counted). */
function ourFramesOnStack(
  byId: Map<number, CpuProfileNode>,
  parentOf: Map<number, number>,
  leaf: number,
): Set<string> {
  const names = new Set<string>();
  for (let id: number | undefined = leaf; id !== undefined; id = parentOf.get(id)) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || !frameOwner(frame.url, frame.functionName).startsWith("@columnline/")) continue;
    names.add(
      `${frame.functionName || "(anonymous)"} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`,
    );
  }
  return names;
}

function addTo(totals: Map<string, number>, key: string, micros: number) {
  totals.set(key, (totals.get(key) ?? 0) + micros);
}

function ranked(totals: Map<string, number>, busyMicros: number, limit: number): SelfTime[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, micros]) => ({ name, share: micros / busyMicros, ms: micros / 1000 }));
}

/**
 * Self time per function and per owner over the last `windowSec` of the
 * profile (the measured load, not start-up), idle samples left out.
 */
export async function summarizeCpuProfile(
  file: string,
  windowSec: number,
  limit = 15,
): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const from = profile.endTime - windowSec * 1_000_000;
  const functions = new Map<string, number>();
  const owners = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let time = profile.startTime;
  let busy = 0;
  let windowTotal = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    time += delta;
    if (time < from) return;
    windowTotal += delta;
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === "(idle)") return;
    busy += delta;
    const where = frame.url ? ` ${shortUrl(frame.url)}:${frame.lineNumber + 1}` : "";
    addTo(functions, `${frame.functionName || "(anonymous)"}${where}`, delta);
    addTo(owners, frameOwner(frame.url, frame.functionName), delta);
    for (const name of ourFramesOnStack(byId, parentOf, id)) addTo(inclusive, name, delta);
  });
  return {
    windowSec: windowTotal / 1_000_000,
    busyShare: windowTotal > 0 ? busy / windowTotal : 0,
    topFunctions: ranked(functions, busy, limit),
    byOwner: ranked(owners, busy, limit),
    ourInclusive: ranked(inclusive, busy, limit),
  };
}
