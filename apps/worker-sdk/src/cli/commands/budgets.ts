import type { RouterOutputs } from "../../api-types.js";
import type { Command, CommandInput, OptionValues } from "../command.js";
import { renderFields, usd } from "../format.js";
import { oneOf, optionalString, requiredString } from "../option-values.js";
import { UsageError } from "../usage-error.js";

type Budget = RouterOutputs["budgets"]["get"];

const PERIODS = ["day", "week", "month"] as const;
const ACTIONS = ["block_new_runs", "notify_only"] as const;

const scopeOptions = { client: { type: "string" }, global: { type: "boolean" } } as const;
const scopeHelp = [
  "--client <client_id>   the client's budget",
  "--global               the global budget, over every client (instead of --client)",
];

/** The client id, or null for --global; exactly one of them. */
function scopeOf(values: OptionValues, command: string): string | null {
  const client = optionalString(values, "client");
  if (values.global === true && client !== undefined) {
    throw new UsageError("give --client <client_id> or --global, not both", command);
  }
  if (values.global === true) return null;
  if (client === undefined) throw new UsageError("needs --client <client_id> or --global", command);
  return client;
}

function thresholdsOf(values: OptionValues, command: string): number[] | undefined {
  const raw = values.threshold;
  const listed = (Array.isArray(raw) ? raw : []).flatMap((value) => value.split(","));
  if (listed.length === 0) return undefined;
  return listed.map((text) => {
    const number = Number(text);
    if (text.trim() === "" || !Number.isFinite(number)) {
      throw new UsageError(`--threshold must be a fraction such as 0.8, got "${text}"`, command);
    }
    return number;
  });
}

function renderBudget(budget: Budget): string {
  return renderFields([
    ["budget", budget.client_id === null ? "global" : `client ${budget.client_id}`],
    ["budget_id", budget.budget_id],
    ["period", `${budget.period} (${budget.time_zone})`],
    ["limit", usd(budget.limit_usd)],
    ["action", budget.action],
    ["thresholds", budget.thresholds.join(", ")],
    ["current", `${budget.period_start} → ${budget.period_end} (resets then)`],
    ["spent", usd(budget.spent_exact)],
    ["remaining", usd(budget.remaining)],
    ["forecast", usd(budget.forecast)],
    ["unpriced_steps", budget.unpriced_steps],
    ["crossed", budget.thresholds_crossed.join(", ") || "none"],
    ["status", budget.blocking ? "BLOCKING new runs" : budget.exceeded ? "exceeded" : "ok"],
  ]);
}

async function getBudget({ client, values }: CommandInput, command: string) {
  const scope = scopeOf(values, command);
  return scope === null
    ? client.budgets.getGlobal.query()
    : client.budgets.get.query({ client_id: scope });
}

export const budgetsCommands: Command[] = [
  {
    name: "budgets set",
    summary: "Set a client's budget, or the global one (admin); replaces the one there",
    options: {
      ...scopeOptions,
      period: { type: "string" },
      limit: { type: "string" },
      action: { type: "string" },
      "time-zone": { type: "string" },
      threshold: { type: "string", multiple: true },
    },
    optionHelp: [
      ...scopeHelp,
      "--period <period>      day, week (from Monday) or month (required)",
      "--limit <usd>          the limit in USD, e.g. 25 or 199.99 (required)",
      "--action <action>      block_new_runs (refuse new runs at the limit) or notify_only (required)",
      "--time-zone <zone>     IANA zone whose calendar bounds the period (default UTC)",
      "--threshold <fraction> alert at this fraction of the limit; repeat or comma-separate (default 0.8,1)",
    ],
    async run({ client, values }) {
      const command = "budgets set";
      const scope = scopeOf(values, command);
      const timeZone = optionalString(values, "time-zone");
      const thresholds = thresholdsOf(values, command);
      const settings = {
        period: oneOf(values, "period", PERIODS, command) ?? missing("period", command),
        limit_usd: requiredString(values, "limit", command, "<usd>"),
        action: oneOf(values, "action", ACTIONS, command) ?? missing("action", command),
        ...(timeZone === undefined ? {} : { time_zone: timeZone }),
        ...(thresholds === undefined ? {} : { thresholds }),
      };
      const { budget, created } =
        scope === null
          ? await client.budgets.setGlobal.mutate(settings)
          : await client.budgets.set.mutate({ client_id: scope, ...settings });
      return {
        data: budget,
        text: `${created ? "Created" : "Replaced"}:\n${renderBudget(budget)}`,
      };
    },
  },
  {
    name: "budgets get",
    summary: "A budget with its spend, remaining, forecast and period",
    options: scopeOptions,
    optionHelp: scopeHelp,
    async run(input) {
      const budget = await getBudget(input, "budgets get");
      return { data: budget, text: renderBudget(budget) };
    },
  },
  {
    name: "budgets rm",
    summary: "Remove a client's budget or the global one (admin); its blocks end at once",
    options: scopeOptions,
    optionHelp: scopeHelp,
    async run({ client, values }) {
      const scope = scopeOf(values, "budgets rm");
      const removed =
        scope === null
          ? await client.budgets.removeGlobal.mutate()
          : await client.budgets.remove.mutate({ client_id: scope });
      return { data: removed, text: `Removed:\n${renderBudget(removed)}` };
    },
  },
];

function missing(name: string, command: string): never {
  throw new UsageError(`${command} needs --${name}`, command);
}
