import type { Command } from "./command.js";

const GLOBAL_HELP = [
  "--url <url>       the API (COLUMNLINE_API_URL; http://127.0.0.1:3000 by default)",
  "--api-key <key>   an API key (COLUMNLINE_API_KEY)",
  "--json            print JSON for scripts instead of tables",
  "--help, -h        this help",
];

const indent = (lines: readonly string[]) => lines.map((line) => `  ${line}`).join("\n");

export function generalHelp(commands: readonly Command[], cli: string): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    "columnline-runs: trigger and inspect Columnline runs from a terminal",
    "",
    `Usage: ${cli} <command> [arguments] [options]`,
    "",
    "Commands:",
    indent(commands.map((command) => `${command.name.padEnd(width)}  ${command.summary}`)),
    "",
    "Options for every command:",
    indent(GLOBAL_HELP),
    "",
    `Run "${cli} <command> --help" for a command's options.`,
  ].join("\n");
}

export function commandHelp(command: Command, cli: string): string {
  const args = (command.args ?? []).map((name) => ` <${name}>`).join("");
  const options = command.optionHelp ?? [];
  return [
    `${command.summary}.`,
    "",
    `Usage: ${cli} ${command.name}${args}${options.length > 0 ? " [options]" : ""}`,
    ...(options.length > 0 ? ["", "Options:", indent(options)] : []),
    "",
    "Options for every command:",
    indent(GLOBAL_HELP),
  ].join("\n");
}
