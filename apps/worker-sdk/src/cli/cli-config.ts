import type { OptionValues } from "./command.js";
import { UsageError } from "./usage-error.js";

/** Where `pnpm start` serves the API. */
export const DEFAULT_API_URL = "http://127.0.0.1:3000";

export interface CliConfig {
  baseUrl: string;
  apiKey: string;
  json: boolean;
}

/** Flags win over the environment; the URL has a local default, the key has none. */
export function resolveCliConfig(
  values: OptionValues,
  env: Readonly<Record<string, string | undefined>>,
): CliConfig {
  const flag = (name: string) => {
    const value = values[name];
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const apiKey = flag("api-key") ?? env.COLUMNLINE_API_KEY?.trim();
  if (!apiKey) {
    throw new UsageError("no API key: set COLUMNLINE_API_KEY (or pass --api-key <key>)");
  }
  return {
    baseUrl: flag("url") ?? (env.COLUMNLINE_API_URL?.trim() || DEFAULT_API_URL),
    apiKey,
    json: values.json === true,
  };
}
