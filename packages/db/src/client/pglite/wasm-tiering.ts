import { setFlagsFromString } from "node:v8";

/**
 * V8 first compiles WebAssembly with its baseline compiler (Liftoff), then recompiles hot
 * functions with TurboFan in the background. PGlite's PostgreSQL is a 9 MB module: that
 * second compilation kept ~70 MB more resident for the life of the process and competed with
 * the service for the CPU for its first seconds, for no steady-state gain (3,000-insert rounds
 * took the same time either way once warm; bench/results/latest.md, "Memory"). These flags
 * are read when a module is compiled, so they must be set before PGlite compiles its own;
 * they keep TurboFan for any function Liftoff cannot compile (unlike --liftoff-only).
 * Process-wide, and only ever set by the embedded engine: nothing else here runs WebAssembly.
 */
const BASELINE_ONLY_FLAGS = ["--no-wasm-dynamic-tiering", "--no-wasm-tier-up"];

let applied = false;

export function keepWasmOnBaselineTier(): void {
  if (applied) return;
  for (const flag of BASELINE_ONLY_FLAGS) setFlagsFromString(flag);
  applied = true;
}
