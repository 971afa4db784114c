import { parseArgs } from "node:util";
import { createRunsClient } from "../client/create-runs-client.js";
import { type CliConfig, resolveCliConfig } from "./cli-config.js";
import type { Command, OptionSpecs, OptionValues } from "./command.js";
import { budgetsCommands } from "./commands/budgets.js";
import { clientsCommands } from "./commands/clients.js";
import { costsCommands } from "./commands/costs.js";
import { keysCommands } from "./commands/keys.js";
import { overviewCommands } from "./commands/overview.js";
import { pricesCommands } from "./commands/prices.js";
import { runsCommands } from "./commands/runs.js";
import { stepsCommands } from "./commands/steps.js";
import { webhooksCommands } from "./commands/webhooks.js";
import { errorLine } from "./error-line.js";
import { commandHelp, generalHelp } from "./help-text.js";
import { invokedAs } from "./invoked-as.js";
import { UsageError } from "./usage-error.js";

export const commands: readonly Command[] = [
  ...clientsCommands,
  ...runsCommands,
  ...stepsCommands,
  ...costsCommands,
  ...overviewCommands,
  ...pricesCommands,
  ...keysCommands,
  ...budgetsCommands,
  ...webhooksCommands,
];

const globalOptions: OptionSpecs = {
  url: { type: "string" },
  "api-key": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};
const GLOBAL_WITH_VALUE = new Set(["--url", "--api-key"]);

export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The command words ("runs", "create") from the front, wherever global options sit among them. */
function splitCommandWords(argv: readonly string[]): { words: string[]; rest: string[] } {
  const words: string[] = [];
  const rest: string[] = [];
  let index = 0;
  while (index < argv.length && words.length < 2) {
    const token = argv[index] ?? "";
    if (GLOBAL_WITH_VALUE.has(token)) {
      rest.push(token, argv[index + 1] ?? "");
      index += 2;
    } else if (token.startsWith("-")) {
      if (!/^--(json|help|url=|api-key=)|^-h$/.test(token)) break;
      rest.push(token);
      index += 1;
    } else {
      words.push(token);
      index += 1;
    }
  }
  return { words, rest: [...rest, ...argv.slice(index)] };
}

function findCommand(words: readonly string[]): Command {
  const name = words.join(" ");
  const command = commands.find((candidate) => candidate.name === name);
  if (command) return command;
  const group = commands.filter((candidate) => candidate.name.startsWith(`${words[0]} `));
  const known = (group.length > 0 ? group : commands).map((candidate) => candidate.name);
  throw new UsageError(`unknown command "${name}"; try one of: ${known.join(", ")}`);
}

/** parseArgs's complaint, shortened to what the user typed wrong. */
function parseArgsProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^']*)'/.exec(message)?.[1];
  const code = (error as { code?: unknown }).code;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return `unknown option ${option}`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option)
    return `${option.split(" ")[0]} needs a value`;
  return message;
}

function parseCommandLine(command: Command, args: readonly string[], cli: string) {
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...globalOptions, ...command.options },
      allowPositionals: true,
      strict: true,
    }) as { values: OptionValues; positionals: string[] };
  } catch (error) {
    throw new UsageError(parseArgsProblem(error), command.name);
  }
  const expected = command.args ?? [];
  if (parsed.values.help !== true && parsed.positionals.length !== expected.length) {
    const shape = `${cli} ${command.name}${expected.map((name) => ` <${name}>`).join("")}`;
    const extra = parsed.positionals.slice(expected.length);
    throw new UsageError(
      extra.length > 0
        ? `unexpected argument "${extra[0]}": ${shape}`
        : `missing <${expected[parsed.positionals.length]}>: ${shape}`,
      command.name,
    );
  }
  return parsed;
}

/** Runs one command line; answers the exit code (0 done, 1 the API said no or was unreachable, 2 usage). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let config: CliConfig | null = null;
  const cli = invokedAs(io.env);
  try {
    const { words, rest } = splitCommandWords(argv);
    if (words.length === 0) {
      io.stdout(generalHelp(commands, cli));
      return rest.includes("--help") || rest.includes("-h") ? 0 : 2;
    }
    const command = findCommand(words);
    const { values, positionals } = parseCommandLine(command, rest, cli);
    if (values.help === true) {
      io.stdout(commandHelp(command, cli));
      return 0;
    }
    config = resolveCliConfig(values, io.env);
    const client = createRunsClient({ baseUrl: config.baseUrl, apiKey: config.apiKey });
    const output = await command.run({ client, values, args: positionals, cli });
    io.stdout(config.json ? JSON.stringify(output.data, null, 2) : output.text);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      const pointer = error.command ? `; see ${cli} ${error.command} --help` : "";
      io.stderr(`error: ${error.message}${pointer}`);
      return 2;
    }
    io.stderr(`error: ${errorLine(error, config?.baseUrl ?? "the API", cli)}`);
    return 1;
  }
}
