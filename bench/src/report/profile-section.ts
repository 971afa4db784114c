import type { ProfileSummary, SelfTime } from "../profile/cpu-profile";
import { markdownTable } from "./markdown-table";

const shares = (entries: SelfTime[]) =>
  entries.map((entry) => [`${(entry.share * 100).toFixed(1)}%`, entry.name]);

export function profileSection(profile: ProfileSummary, throughput: number): string {
  return [
    `node --cpu-prof on the API process (run with tsx, so frames keep their source files), ` +
      `REST load, last ${profile.windowSec.toFixed(1)} s; ${throughput.toFixed(0)} req/s while profiled; ` +
      `the API process was busy ${(profile.busyShare * 100).toFixed(0)}% of one core. Shares are of busy time.`,
    "",
    "Self time by owner (package, our workspace package, node internals, V8):",
    "",
    markdownTable(["self", "owner"], shares(profile.byOwner), [true, false]),
    "",
    "Top functions by self time:",
    "",
    markdownTable(["self", "function"], shares(profile.topFunctions), [true, false]),
    "",
    "Our functions by inclusive time (themselves and everything they call):",
    "",
    markdownTable(["total", "function"], shares(profile.ourInclusive), [true, false]),
  ].join("\n");
}
