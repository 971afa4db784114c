import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { StartupError } from "./startup-failure";

/**
 * Reads `.env` from the folder the service was started in (pnpm's INIT_CWD: where the user
 * typed `pnpm start`), as .env.example describes. The real environment wins: a setting
 * already there is never replaced by the file.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv): void {
  const path = join(env.INIT_CWD ?? process.cwd(), ".env");
  if (!existsSync(path)) return;
  let parsed: Record<string, string>;
  try {
    parsed = parseEnv(readFileSync(path, "utf8")) as Record<string, string>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(`cannot read ${path} (${reason}); fix or remove it`);
  }
  for (const [name, value] of Object.entries(parsed)) {
    if (env[name] === undefined) env[name] = value;
  }
}
