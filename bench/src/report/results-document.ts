import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { BenchConfig } from "../config";
import type { MachineInfo } from "../machine-info";
import type { MemoryMeasurement } from "../memory/measure-memory";
import { pgbenchScript } from "../pgbench/run-pgbench";
import type { StepSummary } from "../steps/step-summary";
import { markdownTable } from "./markdown-table";
import { memorySection, memoryTargetChecks } from "./memory-section";
import { profileSection } from "./profile-section";
import { diagnosticTable, stepTable, stepTargetChecks, type TargetCheck } from "./step-table";

/** Text after this line in latest.md survives a re-run: the hand-written findings. */
export const NOTES_MARKER =
  "<!-- Everything below this line is written by hand and kept when `pnpm bench` rewrites this file. -->";

/** The hand-written text below NOTES_MARKER in a results file, kept when a run rewrites it. */
export async function keptNotesOf(file: string): Promise<string> {
  if (!existsSync(file)) return "";
  const text = await readFile(file, "utf8");
  const at = text.indexOf(NOTES_MARKER);
  return at === -1 ? "" : text.slice(at + NOTES_MARKER.length);
}

export interface ResultsInput {
  config: BenchConfig;
  machine: MachineInfo;
  steps: StepSummary[];
  memory: MemoryMeasurement[] | null;
  keptNotes: string;
}

const HOW_TO = `# Benchmarks: latest results

Written by \`pnpm bench\` (bench/src/main.ts). Needs the real PostgreSQL
(\`BENCH_DATABASE_URL\`, else \`DATABASE_URL\`, else postgres://postgres@127.0.0.1:5432/postgres;
it creates \`cl_bench_<timestamp>\`, migrates it with createDb().migrate() and drops it at the end)
and pgbench (\`PGBENCH\`, default /usr/lib/postgresql/15/bin/pgbench). Not part of \`pnpm test\`.
Knobs: \`BENCH_ROUNDS\` (3), \`BENCH_DURATION\` (s per target and round, 10), \`BENCH_WARMUP\` (3), \`BENCH_CONNECTIONS\` (16),
\`BENCH_STEP_RUNS\` (200),
\`BENCH_SKIP\` (comma list of pgbench, baseline, api, diagnostics, profile, pglite, memory),
\`BENCH_API_DIR\` (benchmark another copy of apps/api, e.g. a patched one), \`BENCH_KEEP=1\` (keep the
temp dir with server logs, bundles and the .cpuprofile).

Every server runs as its own node process, the load generator (autocannon 9, HTTP/1.1 keep-alive) as
another; all share this machine's cores with PostgreSQL, so **the ratios taken in one run are what
count**, not absolute numbers. Each target starts from a clean slate: the ledger and runs emptied,
\`BENCH_STEP_RUNS\` running runs recreated, VACUUM and CHECKPOINT; then a warm-up, then the
measured window. Every request records a new step (unique step_id) of gpt-4o, 1000 in / 500 out.`;

export function machineSection(machine: MachineInfo): string {
  const packages = Object.entries(machine.packages)
    .map(([name, version]) => `${name} ${version}`)
    .join(", ");
  return [
    `- Date: ${machine.date}; commit ${machine.commit}`,
    `- CPU: ${machine.cpuModel}, ${machine.cores} cores; memory ${machine.memoryGiB} GiB; Linux ${machine.kernel}`,
    `- Node ${machine.node}; PostgreSQL ${machine.postgres}; ${machine.pgbench}`,
    `- Packages: ${packages}`,
  ].join("\n");
}

function checksSection(input: ResultsInput): string {
  return checksTable([
    ...stepTargetChecks(input.steps),
    ...(input.memory ? memoryTargetChecks(input.memory) : []),
  ]);
}

export function checksTable(checks: readonly TargetCheck[]): string {
  return markdownTable(
    ["target (goal, not an assertion)", "measured", "met"],
    checks.map((check) => [
      check.goal,
      check.measured,
      check.met === null ? "—" : check.met ? "yes" : "**no**",
    ]),
  );
}

export function resultsDocument(input: ResultsInput): string {
  const { config } = input;
  const rest = input.steps.find((s) => s.target.id === "rest");
  const profiled = input.steps.find((s) => s.profile);
  const sections = [
    HOW_TO,
    "## Machine and versions",
    machineSection(input.machine),
    "## Step recording",
    `${config.rounds} rounds; in each, every target in turn (every other round in reverse order): ${config.connections} connections, ` +
      `${config.durationSec} s measured after ${config.warmupSec} s warm-up, steps spread over ${config.stepRuns} running runs. pgbench: ${config.connections} clients, 2 threads, ` +
      "prepared protocol, this script (record_run_step's first six arguments, as the baseline passes them):",
    `\`\`\`sql\n${pgbenchScript().trim()}\n\`\`\``,
    "Baseline: bench/src/servers/baseline-server.ts (node:http, JSON.parse, sha256 fingerprint, " +
      "postgres.js pool of 10 like the API's, one `SELECT * FROM record_run_step($1..$6)` per request). " +
      "Ours: the API bundled with esbuild and run on plain node (`ours`), a stored runs:write key " +
      "(cached by the API after its first lookup), LOG_LEVEL=info with logs to a file, step batching at " +
      "its defaults (one statement in flight, up to 32 steps; `steps/stmt` is the average group, from the " +
      "API's `stopped` log line). The second pgbench row calls record_run_steps with 8 steps per " +
      "transaction (its req/s are steps/s): what PostgreSQL does for groups like the API's. " +
      "Peak RSS is the server process's VmHWM after the load (start-up included), highest of the rounds. " +
      "req/s, p50 and p99 come from the round with the median req/s; the ratios are medians of " +
      "per-round ratios (each round's target over the same round's pgbench or baseline). " +
      "The CPU-profiled run and PGlite run once, after the rounds.",
    stepTable(input.steps),
    ...(rest ? ["### One change at a time", diagnosticTable(input.steps)] : []),
    ...(input.memory ? ["## Memory", memorySection(input.memory)] : []),
    "## Targets",
    checksSection(input),
    ...(profiled?.profile
      ? [
          "## CPU profile of the API under REST load",
          profileSection(profiled.profile, profiled.median.throughput),
        ]
      : []),
    "Analytics at scale (the seed's queries, the dashboard's, the runs page) are measured by " +
      "`pnpm bench:analytics` and written to [analytics.md](analytics.md).",
    NOTES_MARKER,
    input.keptNotes.trim(),
  ];
  return `${sections.join("\n\n").trim()}\n`;
}
