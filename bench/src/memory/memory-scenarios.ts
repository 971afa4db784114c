/** What the memory section starts: each engine, and PGlite both on a new folder and again on it. */
export interface MemoryScenario {
  id: string;
  label: string;
  engine: "pglite" | "postgres";
  /** The step-load run this scenario's 1,000 steps go to (PGlite: created through the API). */
  runIndex: number;
}

export const MEMORY_SCENARIOS: readonly MemoryScenario[] = [
  {
    id: "pglite-first",
    label: "embedded (PGlite), first start on a new folder",
    engine: "pglite",
    runIndex: 0,
  },
  {
    id: "pglite-again",
    label: "embedded (PGlite), start on that folder again",
    engine: "pglite",
    runIndex: 1,
  },
  { id: "postgres", label: "PostgreSQL (API process only)", engine: "postgres", runIndex: 0 },
];
