import type { RouterOutputs } from "../../api-types.js";
import type { Command, OptionValues } from "../command.js";
import { type Column, renderFields, renderTable, usd } from "../format.js";
import { oneOf, optionalInteger, optionalString, requiredString } from "../option-values.js";

const GROUPS = ["model", "client", "step_name"] as const;
const TIME = "(2026-01-15 or an ISO time)";

/** The options present, as the API's snake_case fields. */
function pick(values: OptionValues, fields: Record<string, string>) {
  const picked: Record<string, string> = {};
  for (const [option, field] of Object.entries(fields)) {
    const value = optionalString(values, option);
    if (value !== undefined) picked[field] = value;
  }
  return picked;
}

const range = (values: OptionValues, command: string) => ({
  from: requiredString(values, "from", command, TIME),
  to: requiredString(values, "to", command, TIME),
});

const zoneHelp = "--zone <iana>           days from local midnight in this zone (UTC by default)";
const rangeHelp = [
  "--from <time>          from this instant, inclusive",
  "--to <time>            to this instant, exclusive",
];

type SeriesRow = RouterOutputs["analytics"]["costSeries"][number];
type ClientRow = RouterOutputs["analytics"]["spendByClient"][number];
type UnpricedRow = RouterOutputs["analytics"]["unpricedSteps"]["steps"][number];

/** The dashboard's analytics in the terminal (issue 14). */
export const overviewCommands: Command[] = [
  {
    name: "costs series",
    summary: "Spend per local day of step recording, by model, client or step name",
    options: {
      from: { type: "string" },
      to: { type: "string" },
      zone: { type: "string" },
      "group-by": { type: "string" },
      client: { type: "string" },
    },
    optionHelp: [
      ...rangeHelp,
      zoneHelp,
      "--group-by <g>         model (default), client or step_name",
      "--client <client_id>   one client's steps",
    ],
    async run({ client, values }) {
      const groupBy = oneOf(values, "group-by", GROUPS, "costs series");
      const rows = await client.analytics.costSeries.query({
        ...range(values, "costs series"),
        ...pick(values, { zone: "time_zone", client: "client_id" }),
        ...(groupBy === undefined ? {} : { group_by: groupBy }),
      });
      const columns: Column<SeriesRow>[] = [
        { header: "day", value: (row) => row.day },
        { header: groupBy ?? "model", value: (row) => row.group ?? "(none)" },
        { header: "steps", value: (row) => row.step_count, align: "right" },
        { header: "tokens", value: (row) => row.tokens, align: "right" },
        { header: "cost", value: (row) => usd(row.cost), align: "right" },
        { header: "unpriced", value: (row) => row.unpriced_steps, align: "right" },
      ];
      return { data: rows, text: renderTable(rows, columns, "No steps recorded in the range.") };
    },
  },
  {
    name: "costs periods",
    summary: "Spend today, last 7 and 30 days and month to date, against the period before",
    options: { zone: { type: "string" }, at: { type: "string" }, client: { type: "string" } },
    optionHelp: [
      zoneHelp,
      "--at <time>            a time in the last day of the periods (now by default)",
      "--client <client_id>   one client's steps",
    ],
    async run({ client, values }) {
      const periods = await client.analytics.spendPeriods.query(
        pick(values, { zone: "time_zone", at: "at", client: "client_id" }),
      );
      const text = renderTable(
        periods,
        [
          { header: "period", value: (row) => row.period },
          { header: "cost", value: (row) => usd(row.cost), align: "right" },
          { header: "previous", value: (row) => usd(row.previous.cost), align: "right" },
          { header: "steps", value: (row) => row.step_count, align: "right" },
          { header: "unpriced", value: (row) => row.unpriced_steps, align: "right" },
          { header: "from", value: (row) => row.from },
        ],
        "No periods.",
      );
      return { data: periods, text };
    },
  },
  {
    name: "costs clients",
    summary: "Each client's spend, runs and average run cost in a range",
    options: { from: { type: "string" }, to: { type: "string" } },
    optionHelp: rangeHelp,
    async run({ client, values }) {
      const rows = await client.analytics.spendByClient.query(range(values, "costs clients"));
      const columns: Column<ClientRow>[] = [
        { header: "client_id", value: (row) => row.client_id },
        { header: "name", value: (row) => row.name },
        { header: "cost", value: (row) => usd(row.cost), align: "right" },
        { header: "runs", value: (row) => row.runs, align: "right" },
        { header: "completed", value: (row) => row.completed_runs, align: "right" },
        { header: "failed", value: (row) => row.failed_runs, align: "right" },
        { header: "avg_run", value: (row) => usd(row.average_run_cost), align: "right" },
      ];
      return { data: rows, text: renderTable(rows, columns, "No client spent in the range.") };
    },
  },
  {
    name: "runs by-status",
    summary: "Runs per local day of start by status, with the failure rate",
    options: {
      from: { type: "string" },
      to: { type: "string" },
      zone: { type: "string" },
      client: { type: "string" },
    },
    optionHelp: [...rangeHelp, zoneHelp, "--client <client_id>   one client's runs"],
    async run({ client, values }) {
      const answer = await client.analytics.runsByStatus.query({
        ...range(values, "runs by-status"),
        ...pick(values, { zone: "time_zone", client: "client_id" }),
      });
      const table = renderTable(
        answer.days,
        [
          { header: "day", value: (row) => row.day },
          { header: "pending", value: (row) => row.pending, align: "right" },
          { header: "running", value: (row) => row.running, align: "right" },
          { header: "completed", value: (row) => row.completed, align: "right" },
          { header: "failed", value: (row) => row.failed, align: "right" },
        ],
        "No runs started in the range.",
      );
      const rate =
        answer.failure_rate === null ? "-" : `${(answer.failure_rate * 100).toFixed(2)}%`;
      const text = `${table}\n\n${renderFields([["failure_rate", rate]])}`;
      return { data: answer, text };
    },
  },
  {
    name: "costs unpriced",
    summary: "Steps recorded without a price, newest first, and why",
    options: {
      from: { type: "string" },
      to: { type: "string" },
      limit: { type: "string" },
      cursor: { type: "string" },
    },
    optionHelp: [
      ...rangeHelp,
      "--limit <n>            1 to 500 (50 by default)",
      "--cursor <c>           the next page",
    ],
    async run({ client, values, cli }) {
      const limit = optionalInteger(values, "limit", "costs unpriced", { min: 1, max: 500 });
      const page = await client.analytics.unpricedSteps.query({
        ...pick(values, { from: "from", to: "to", cursor: "cursor" }),
        ...(limit === undefined ? {} : { limit }),
      });
      const columns: Column<UnpricedRow>[] = [
        { header: "recorded_at", value: (row) => row.recorded_at },
        { header: "run_id", value: (row) => row.run_id },
        { header: "step_id", value: (row) => row.step_id },
        { header: "model", value: (row) => row.model },
        { header: "reason", value: (row) => row.reason },
      ];
      const more = page.next_cursor
        ? `\nMore: ${cli} costs unpriced --cursor ${page.next_cursor}`
        : "";
      const text = `${renderTable(page.steps, columns, "No unpriced steps.")}\n\n${page.total} unpriced in all${more}`;
      return { data: page, text };
    },
  },
];
