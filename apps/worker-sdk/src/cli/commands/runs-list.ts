import type { Command } from "../command.js";
import { renderTable } from "../format.js";
import { oneOf, optionalInteger, optionalString } from "../option-values.js";
import { runColumns } from "./run-view.js";

const RUN_STATUSES = ["pending", "running", "completed", "failed"] as const;
const TRIGGERS = ["make.com", "api", "manual"] as const;
const SORTS = ["started_at", "total_cost"] as const;
const ORDERS = ["desc", "asc"] as const;

/** The options of runs list that shape a listing, repeated on its next-page line. */
const LIST_OPTIONS = [
  "client",
  "status",
  "triggered-by",
  "since",
  "until",
  "min-cost",
  "max-cost",
  "search",
  "sort",
  "order",
  "limit",
];

/** A value as one shell word: IDs and times as they are, anything else single-quoted. */
const shellQuote = (value: string) =>
  /^[\w.:+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;

/** runs list: the runs page from a terminal (filters, search, sort by start or cost). */
export const runsListCommand: Command = {
  name: "runs list",
  summary: "List runs, newest first; filter, search, sort by cost",
  options: {
    client: { type: "string" },
    status: { type: "string" },
    "triggered-by": { type: "string" },
    since: { type: "string" },
    until: { type: "string" },
    "min-cost": { type: "string" },
    "max-cost": { type: "string" },
    search: { type: "string" },
    sort: { type: "string" },
    order: { type: "string" },
    limit: { type: "string" },
    cursor: { type: "string" },
  },
  optionHelp: [
    "--client <client_id>      only this client's runs",
    "--status <status>         pending, running, completed or failed",
    "--triggered-by <source>   make.com, api or manual",
    "--since <time>            started at or after (2026-01-15 or an ISO time)",
    "--until <time>            started before",
    "--min-cost <usd>          total_cost at least, e.g. 0.05",
    "--max-cost <usd>          total_cost at most",
    "--search <id>             a run_id or dossier_id, or its start (RUN_20260115, DOSS_2026)",
    "--sort started_at|total_cost  started_at by default",
    "--order desc|asc          desc by default (newest or most expensive first)",
    "--limit <n>               1 to 200 (50 by default)",
    "--cursor <cursor>         the next page, as printed under the table",
  ],
  async run({ client, values, cli }) {
    const command = "runs list";
    const status = oneOf(values, "status", RUN_STATUSES, command);
    const triggeredBy = oneOf(values, "triggered-by", TRIGGERS, command);
    const clientId = optionalString(values, "client");
    const since = optionalString(values, "since");
    const until = optionalString(values, "until");
    const limit = optionalInteger(values, "limit", command, { min: 1, max: 200 });
    const cursor = optionalString(values, "cursor");
    const minCost = optionalString(values, "min-cost");
    const maxCost = optionalString(values, "max-cost");
    const search = optionalString(values, "search");
    const sort = oneOf(values, "sort", SORTS, command);
    const order = oneOf(values, "order", ORDERS, command);
    const page = await client.runs.list.query({
      ...(clientId === undefined ? {} : { client_id: clientId }),
      ...(status === undefined ? {} : { status }),
      ...(triggeredBy === undefined ? {} : { triggered_by: triggeredBy }),
      ...(since === undefined ? {} : { started_after: since }),
      ...(until === undefined ? {} : { started_before: until }),
      ...(limit === undefined ? {} : { limit }),
      ...(minCost === undefined ? {} : { min_cost: minCost }),
      ...(maxCost === undefined ? {} : { max_cost: maxCost }),
      ...(search === undefined ? {} : { q: search }),
      ...(sort === undefined ? {} : { sort }),
      ...(order === undefined ? {} : { order }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    const table = renderTable(page.items, runColumns, "No runs match.");
    // The next page is this listing's: the line repeats its filters, sort and order.
    const repeated = LIST_OPTIONS.flatMap((name) => {
      const value = optionalString(values, name);
      return value === undefined ? [] : [` --${name} ${shellQuote(value)}`];
    }).join("");
    const more = page.next_cursor
      ? `\nMore: ${cli} runs list${repeated} --cursor ${page.next_cursor}`
      : "";
    return { data: page, text: table + more };
  },
};
