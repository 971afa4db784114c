import type { ParseArgsConfig } from "node:util";
import type { RunsClient } from "../client/create-runs-client.js";

export type OptionSpecs = NonNullable<ParseArgsConfig["options"]>;
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandInput {
  client: RunsClient;
  values: OptionValues;
  /** The positional arguments, named by Command.args, all present. */
  args: string[];
  /** How the user runs this CLI (`pnpm cli` or `columnline-runs`), for hints in the output. */
  cli: string;
}

/** What a command prints: `data` with --json, `text` otherwise. */
export interface CommandOutput {
  data: unknown;
  text: string;
}

export interface Command {
  /** The words that select it: "runs create". */
  name: string;
  summary: string;
  /** Required positional arguments, in order. */
  args?: string[];
  options?: OptionSpecs;
  /** One line per option for --help: ["--client <client_id>  the client the run is for"]. */
  optionHelp?: string[];
  run(input: CommandInput): Promise<CommandOutput>;
}
