import type { RouterOutputs } from "../../api-types.js";
import type { Command, OptionValues } from "../command.js";
import { type Column, renderFields, renderTable, usd } from "../format.js";
import { oneOf, optionalInteger, optionalString } from "../option-values.js";

const RUN_STATUSES = ["pending", "running", "completed", "failed"] as const;

const filterOptions = {
  status: { type: "string" },
  client: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
} as const;

const filterHelp = [
  "--status <status>      runs in this status (completed by default)",
  "--client <client_id>   one client's runs",
  "--from <time>          runs started at or after (2026-01-15 or an ISO time)",
  "--to <time>            runs started before",
];

function analyticsFilter(values: OptionValues, command: string) {
  const status = oneOf(values, "status", RUN_STATUSES, command);
  const clientId = optionalString(values, "client");
  const from = optionalString(values, "from");
  const to = optionalString(values, "to");
  return {
    ...(status === undefined ? {} : { status }),
    ...(clientId === undefined ? {} : { client_id: clientId }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  };
}

type LedgerRow = RouterOutputs["analytics"]["costByModel"][number];
const ledgerColumns = <Row extends Omit<LedgerRow, "model">>(): Column<Row>[] => [
  { header: "steps", value: (row) => row.step_count, align: "right" },
  { header: "tokens", value: (row) => row.tokens, align: "right" },
  { header: "cost", value: (row) => usd(row.cost), align: "right" },
  { header: "unpriced", value: (row) => row.unpriced_steps, align: "right" },
];

export const costsCommands: Command[] = [
  {
    name: "costs summary",
    summary: "Run count, total, average, p50 and p95 cost",
    options: filterOptions,
    optionHelp: filterHelp,
    async run({ client, values }) {
      const filter = analyticsFilter(values, "costs summary");
      const summary = await client.analytics.costSummary.query(filter);
      const text = renderFields([
        ["runs", `${summary.run_count} (${filter.status ?? "completed"})`],
        ["total_tokens", summary.total_tokens],
        ["total_cost", usd(summary.total_cost)],
        ["avg_tokens", summary.avg_tokens],
        ["avg_cost", usd(summary.avg_cost)],
        ["p50_cost", usd(summary.p50_cost)],
        ["p95_cost", usd(summary.p95_cost)],
      ]);
      return { data: summary, text };
    },
  },
  {
    name: "costs top",
    summary: "The most expensive runs",
    options: { ...filterOptions, limit: { type: "string" } },
    optionHelp: [...filterHelp, "--limit <n>            how many, 1 to 100 (10 by default)"],
    async run({ client, values }) {
      const limit = optionalInteger(values, "limit", "costs top", { min: 1, max: 100 });
      const runs = await client.analytics.topRuns.query({
        ...analyticsFilter(values, "costs top"),
        ...(limit === undefined ? {} : { limit }),
      });
      const text = renderTable(
        runs,
        [
          { header: "run_id", value: (run) => run.run_id },
          { header: "client_id", value: (run) => run.client_id },
          { header: "status", value: (run) => run.status },
          { header: "tokens", value: (run) => run.total_tokens, align: "right" },
          { header: "cost", value: (run) => usd(run.total_cost), align: "right" },
        ],
        "No runs match.",
      );
      return { data: runs, text };
    },
  },
  {
    name: "costs by-model",
    summary: "Step costs per model",
    options: filterOptions,
    optionHelp: filterHelp,
    async run({ client, values }) {
      const rows = await client.analytics.costByModel.query(
        analyticsFilter(values, "costs by-model"),
      );
      const columns: Column<LedgerRow>[] = [
        { header: "model", value: (row) => row.model ?? "(none)" },
        ...ledgerColumns<LedgerRow>(),
      ];
      return { data: rows, text: renderTable(rows, columns, "No steps match.") };
    },
  },
  {
    name: "costs by-day",
    summary: "Step costs per UTC day",
    options: filterOptions,
    optionHelp: filterHelp,
    async run({ client, values }) {
      type DayRow = RouterOutputs["analytics"]["costByDay"][number];
      const rows = await client.analytics.costByDay.query(analyticsFilter(values, "costs by-day"));
      const columns: Column<DayRow>[] = [
        { header: "day", value: (row) => row.day },
        ...ledgerColumns<DayRow>(),
      ];
      return { data: rows, text: renderTable(rows, columns, "No steps match.") };
    },
  },
];
