import type { RouterOutputs } from "../../api-types.js";
import type { Command } from "../command.js";
import { type Column, renderFields, renderTable, usd } from "../format.js";
import { optionalString } from "../option-values.js";

type Override = RouterOutputs["prices"]["listOverrides"][number];

const overrideColumns: Column<Override>[] = [
  { header: "id", value: (row) => row.id },
  { header: "model", value: (row) => row.model },
  { header: "client", value: (row) => row.client_id ?? "(global)" },
  { header: "from", value: (row) => row.effective_from },
  { header: "until", value: (row) => row.effective_until ?? "-" },
  { header: "input/Mtok", value: (row) => usd(row.input_mtok), align: "right" },
  { header: "output/Mtok", value: (row) => usd(row.output_mtok), align: "right" },
];

export const pricesCommands: Command[] = [
  {
    name: "prices lookup",
    summary: "The unit prices the ledger would use for a model now, or at --at",
    args: ["model"],
    options: { at: { type: "string" }, client: { type: "string" } },
    optionHelp: [
      "--at <time>          ISO-8601 time or day (default: now)",
      "--client <client_id> include this client's overrides",
    ],
    async run({ client, values, args: [model = ""] }) {
      const at = optionalString(values, "at");
      const clientId = optionalString(values, "client");
      const found = await client.prices.lookup.query({
        model,
        ...(at === undefined ? {} : { at }),
        ...(clientId === undefined ? {} : { client_id: clientId }),
      });
      const text = renderFields([
        ["model", found.model],
        ["at", found.at],
        ["source", found.override_id ? `override ${found.override_id}` : found.source],
        ["input/Mtok", usd(found.unit_prices.input_mtok)],
        ["output/Mtok", usd(found.unit_prices.output_mtok)],
        ["cache read/Mtok", usd(found.unit_prices.cache_read_mtok)],
        ["cache write/Mtok", usd(found.unit_prices.cache_write_mtok)],
      ]);
      return { data: found, text };
    },
  },
  {
    name: "prices overrides",
    summary: "List price overrides (admin), ended ones with their end",
    options: { model: { type: "string" }, client: { type: "string" } },
    optionHelp: ["--model <model>       one model's", "--client <client_id>  one client's"],
    async run({ client, values }) {
      const model = optionalString(values, "model");
      const clientId = optionalString(values, "client");
      const overrides = await client.prices.listOverrides.query({
        ...(model === undefined ? {} : { model }),
        ...(clientId === undefined ? {} : { client_id: clientId }),
      });
      return { data: overrides, text: renderTable(overrides, overrideColumns, "No overrides.") };
    },
  },
  {
    name: "prices end",
    summary: "End a price override now, or at --until (admin); it stays listed",
    args: ["override_id"],
    options: { until: { type: "string" } },
    optionHelp: [
      "--until <time>  when it stops applying (exclusive), not before now (default: now)",
    ],
    async run({ client, values, args: [id = ""] }) {
      const until = optionalString(values, "until");
      const ended = await client.prices.endOverride.mutate({
        id,
        ...(until === undefined ? {} : { effective_until: until }),
      });
      return { data: ended, text: renderTable([ended], overrideColumns, "") };
    },
  },
];
