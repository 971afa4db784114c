/**
 * The command line that runs this CLI where the user is, for hints: `pnpm cli` inside the
 * repository (the root package.json's "cli" script, which pnpm names in npm_lifecycle_event),
 * the installed binary's name everywhere else.
 */
export function invokedAs(env: Readonly<Record<string, string | undefined>>): string {
  return env.npm_lifecycle_event === "cli" ? "pnpm cli" : "columnline-runs";
}
